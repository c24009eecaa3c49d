package org.openiwd.email.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openiwd.email.EmailProperties;
import org.openiwd.email.api.InboundEmail;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.api.OutboundEmail;
import org.openiwd.email.oauth.MailLogin;

/** The SMTP side against GreenMail: the message an outbound item becomes, as a receiving server sees it. */
class SmtpSendingTest {

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(com.icegreen.greenmail.util.ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    private final SmtpConnector connector = new SmtpConnector(EmailProperties.withApi(new EmailProperties.Api(
            java.net.URI.create("http://127.0.0.1:9"), "", Duration.ofSeconds(5))));
    private Mailbox.Outbound smtp;

    @BeforeEach
    void users() {
        mail.setUser("support@example.com", "support", "secret");
        smtp = new Mailbox.Outbound("127.0.0.1", mail.getSmtp().getPort(), "none", "password", "support", null, false);
    }

    private static Mailbox sender() {
        return new Mailbox("support", "Support", "imap", "support@example.com", "Example Support", true, true, null,
                null, null, false, 1L, null);
    }

    @Test
    void aReplyCarriesItsMessageIdThreadingHeadersBodiesAndAttachments() throws Exception {
        OutboundEmail item = new OutboundEmail("out-1", "OutboundReply", "queued", "support", "<out-1@example.com>",
                "<in-1@example.org>", List.of("<first@example.org>", "<in-1@example.org>"), null,
                List.of(new InboundEmail.Address("ann@example.org", "Ann Smith")), List.of(),
                List.of(new InboundEmail.Address("audit@example.com", null)), "Re: Order 42\r\nBcc: evil@x.test",
                "Your order ships today.", "<p>Your order ships today.</p>",
                List.of(new OutboundEmail.Attachment("label.pdf", "application/pdf",
                        Base64.getEncoder().encodeToString("%PDF-1.4".getBytes()))), 0, null);
        SmtpConnector.Connection connection = connector.connect(smtp, new MailLogin("support", "secret", false));
        try {
            MimeMessage message = OutboundMessageBuilder.build(connection.session(), item, sender());
            connection.transport().sendMessage(message, message.getAllRecipients());
        }
        finally {
            connection.transport().close();
        }

        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(2);  // ann and the Bcc
        MimeMessage got = received[0];
        assertThat(got.getMessageID()).isEqualTo("<out-1@example.com>");
        assertThat(got.getHeader("In-Reply-To", null)).isEqualTo("<in-1@example.org>");
        assertThat(got.getHeader("References", " ").replaceAll("\\s+", " "))
                .isEqualTo("<first@example.org> <in-1@example.org>");
        assertThat(got.getSubject()).isEqualTo("Re: Order 42 Bcc: evil@x.test");
        assertThat(got.getHeader("Bcc")).isNull();
        assertThat(got.getFrom()[0].toString()).isEqualTo("Example Support <support@example.com>");
        assertThat(got.getHeader("Auto-Submitted")).isNull();
        Multipart mixed = (Multipart) got.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("Your order ships today.");
        assertThat((String) alternative.getBodyPart(1).getContent()).contains("<p>");
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("label.pdf");
    }

    @Test
    void anAcknowledgementIsMarkedAutoSubmitted() throws Exception {
        OutboundEmail item = new OutboundEmail("out-2", "OutboundAcknowledgement", "queued", "support",
                "<out-2@example.com>", "<in-2@example.org>", List.of("<in-2@example.org>"),
                new InboundEmail.Address("noreply@example.com", "Example"),
                List.of(new InboundEmail.Address("ann@example.org", null)), null, null, "Re: Hello",
                "We received your message.", null, null, 0, null);
        SmtpConnector.Connection connection = connector.connect(smtp, new MailLogin("support", "secret", false));
        try {
            MimeMessage message = OutboundMessageBuilder.build(connection.session(), item, sender());
            connection.transport().sendMessage(message, message.getAllRecipients());
        }
        finally {
            connection.transport().close();
        }
        MimeMessage got = mail.getReceivedMessages()[0];
        assertThat(got.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(got.getFrom()[0].toString()).isEqualTo("Example <noreply@example.com>");
    }

    @Test
    void wrongCredentialsAreRefusedAtConnect() {
        assertThatThrownBy(() -> connector.connect(smtp, new MailLogin("support", "wrong", false)))
                .isInstanceOf(AuthenticationFailedException.class);
    }
}
