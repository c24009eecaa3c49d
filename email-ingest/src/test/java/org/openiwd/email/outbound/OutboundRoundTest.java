package org.openiwd.email.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openiwd.email.GreenMailbox;
import org.openiwd.email.RealApi;
import org.openiwd.email.ServiceParts;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.mailbox.TenantMailbox;

/**
 * Outbound mail between the real API's queue and GreenMail: a reply sent threaded and reported sent, an unreachable
 * server retried with back-off then failed, and a delivery status notification marking the sent item bounced.
 */
class OutboundRoundTest {

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    static RealApi api;
    private String tenant;
    private String tenantKey;
    private GreenMailbox support;

    @BeforeAll
    static void startApi() {
        api = RealApi.start("email_outbound");
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @BeforeEach
    void tenant() {
        tenant = "o" + UUID.randomUUID().toString().substring(0, 8);
        tenantKey = api.provision(tenant);
        support = new GreenMailbox(mail, "support@example.com", "support", "secret");
    }

    private ServiceParts service() {
        return ServiceParts.of(api.properties("test-" + UUID.randomUUID()), api.emailApi());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> inboundItemAndReply(TenantMailbox mailbox, ServiceParts service) throws Exception {
        support.deliver("<order-42@example.org>", "Order 42");
        service.round().run(mailbox);
        Map<String, Object> item = api.emails(tenantKey, "support").getFirst();
        return api.client(tenantKey).post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "inReplyToEmailId", item.get("id"), "textBody", "It ships today.")).retrieve().body(Map.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> outbound(Object id) {
        return api.client(tenantKey).get().uri("/emails/outbound/{id}", id).retrieve().body(Map.class);
    }

    @Test
    void aQueuedReplyIsSentFromItsMailboxThreadedAndReportedSent() throws Exception {
        TenantMailbox mailbox = support.register(api, tenant, tenantKey, "support", mail.getSmtp().getPort(), Map.of());
        try (ServiceParts service = service()) {
            Map<String, Object> queued = inboundItemAndReply(mailbox, service);
            service.round().run(mailbox);

            MimeMessage sent = Arrays.stream(mail.getReceivedMessages())
                    .filter(m -> hasId(m, (String) queued.get("messageId"))).findFirst().orElseThrow();
            assertThat(sent.getHeader("In-Reply-To", null)).isEqualTo("<order-42@example.org>");
            assertThat(sent.getHeader("References", " ")).contains("<order-42@example.org>");
            assertThat(sent.getSubject()).isEqualTo("Re: Order 42");
            assertThat(sent.getFrom()[0].toString()).contains("support@example.com");
            assertThat(outbound(queued.get("id"))).containsEntry("status", "sent");
            assertThat(service.meters().get("iwdEmail.outbound.emails.sent").tag("tenant", tenant).counter().count())
                    .isEqualTo(1.0);
            assertThat(api.emailApi().mailbox(tenant, "support").status().outbound()).containsEntry("state",
                    "connected");
        }
    }

    @Test
    void anUnreachableSmtpServerIsRetriedWithBackOffThenFailedAfterTheLastAttempt() throws Exception {
        TenantMailbox mailbox = support.register(api, tenant, tenantKey, "support", 9, Map.of());
        try (ServiceParts service = service()) {
            Map<String, Object> queued = inboundItemAndReply(mailbox, service);
            service.round().run(mailbox);
            Map<String, Object> first = outbound(queued.get("id"));
            assertThat(first).containsEntry("status", "retry").containsEntry("attempts", 1);
            assertThat(first.get("nextAttemptAt")).isNotNull();
            assertThat(api.emailApi().mailbox(tenant, "support").status().outbound()).containsEntry("state", "error");

            // max-attempts is 3 and the back-off 1 ms in these tests.
            for (int round = 0; round < 20 && !"failed".equals(outbound(queued.get("id")).get("status")); round++) {
                service.round().run(mailbox);
            }
            Map<String, Object> last = outbound(queued.get("id"));
            assertThat(last).containsEntry("status", "failed");
            assertThat((String) last.get("reason")).contains("after 3 attempts");
        }
    }

    @Test
    void aDeliveryStatusNotificationMarksTheSentItemBounced() throws Exception {
        TenantMailbox mailbox = support.register(api, tenant, tenantKey, "support", mail.getSmtp().getPort(), Map.of());
        try (ServiceParts service = service()) {
            Map<String, Object> queued = inboundItemAndReply(mailbox, service);
            service.round().run(mailbox);
            assertThat(outbound(queued.get("id"))).containsEntry("status", "sent");

            support.deliver(dsn((String) queued.get("messageId")));
            service.round().run(mailbox);
            Map<String, Object> bounced = outbound(queued.get("id"));
            assertThat(bounced).containsEntry("status", "bounced");
            assertThat((String) bounced.get("reason")).contains("5.1.1").contains("ann@example.org");
            List<Map<String, Object>> items = api.emails(tenantKey, "support");
            assertThat(items).as("the report itself is kept as an item too").hasSize(2);
        }
    }

    private static byte[] dsn(String originalId) {
        return ("Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example.org\r\nTo: support@example.com\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-" + UUID.randomUUID()
                + "@mx.example.org>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\r\n\r\n"
                + "--R\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
                + "--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
                + "Final-Recipient: rfc822; ann@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n"
                + "--R\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: support@example.com\r\nTo: ann@example.org\r\n"
                + "Message-ID: " + originalId + "\r\n--R--\r\n").getBytes();
    }

    private static boolean hasId(MimeMessage m, String id) {
        try {
            return id.equals(m.getMessageID());
        }
        catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }
}
