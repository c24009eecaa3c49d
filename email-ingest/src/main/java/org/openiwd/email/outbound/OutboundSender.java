package org.openiwd.email.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.openiwd.email.EmailProperties;
import org.openiwd.email.api.IwdEmailApi;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.api.OutboundEmail;
import org.openiwd.email.mailbox.TenantMailbox;
import org.openiwd.email.metrics.EmailMetrics;
import org.openiwd.email.oauth.MailLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a mailbox's due outbound items over one SMTP connection and reports each: {@code sent}; {@code retry} with
 * the next attempt after an exponential back-off ({@code initial-backoff} doubled per attempt, at most
 * {@code max-backoff}) for a temporary failure (4xx, connection lost, server unreachable); {@code failed} with the
 * server's answer for a permanent one (5xx) or after {@code max-attempts}. Runs under the mailbox's lease, so an item
 * is sent by one replica; a crash between the server's accept and the {@code sent} report resends it once, with the
 * same Message-ID.
 */
@Component
public class OutboundSender {

    private static final Logger log = LoggerFactory.getLogger(OutboundSender.class);

    private final IwdEmailApi api;
    private final SmtpConnector connector;
    private final EmailMetrics metrics;
    private final EmailProperties.Outbound settings;
    private final Clock clock;

    public OutboundSender(IwdEmailApi api, SmtpConnector connector, EmailMetrics metrics, EmailProperties properties) {
        this.api = api;
        this.connector = connector;
        this.metrics = metrics;
        this.settings = properties.outbound();
        this.clock = Clock.systemUTC();
    }

    /** What a round did; {@code smtpError} is the connection failure, null when the server was reached or not needed. */
    public record Round(int sent, int retried, int failed, String smtpError) {
    }

    /**
     * Sends the due items of {@code mailbox} through {@code smtpMailbox} (the mailbox itself, or the tenant's default
     * outbound one when it has no SMTP settings) logged in with {@code login}.
     */
    public Round sendDue(TenantMailbox mailbox, Mailbox smtpMailbox, MailLogin login) {
        List<OutboundEmail> due = api.dueOutbound(mailbox.tenantId(), mailbox.id(), settings.batchSize());
        if (due.isEmpty()) {
            return new Round(0, 0, 0, null);
        }
        SmtpConnector.Connection connection;
        try {
            connection = connector.connect(smtpMailbox.outbound(), login);
        }
        catch (MessagingException e) {
            String reason = "SMTP " + smtpMailbox.outbound().host() + ":" + smtpMailbox.outbound().port() + ": "
                    + e.getMessage();
            log.warn("Mailbox {}: cannot connect to send {} item(s): {}", mailbox.key(), due.size(), reason);
            int retried = 0;
            int failed = 0;
            for (OutboundEmail item : due) {
                if (retryOrFail(mailbox, item, reason, e instanceof AuthenticationFailedException)) {
                    retried++;
                }
                else {
                    failed++;
                }
            }
            return new Round(0, retried, failed, reason);
        }
        int sent = 0;
        int retried = 0;
        int failed = 0;
        try {
            for (OutboundEmail item : due) {
                long started = System.nanoTime();
                try {
                    MimeMessage message = OutboundMessageBuilder.build(connection.session(), item, smtpMailbox);
                    connection.transport().sendMessage(message, message.getAllRecipients());
                    api.putOutboundStatus(mailbox.tenantId(), item.id(),
                            new OutboundEmail.StatusUpdate("sent", null, null));
                    metrics.sent(mailbox, Duration.ofNanos(System.nanoTime() - started));
                    sent++;
                }
                catch (MessagingException e) {
                    metrics.sendFailed(mailbox, Duration.ofNanos(System.nanoTime() - started));
                    String reason = reason(e);
                    if (permanent(e)) {
                        report(mailbox, item, "failed", reason, null);
                        failed++;
                    }
                    else if (retryOrFail(mailbox, item, reason, false)) {
                        retried++;
                    }
                    else {
                        failed++;
                    }
                }
            }
        }
        finally {
            try {
                connection.transport().close();
            }
            catch (MessagingException e) {
                log.debug("Closing SMTP of {}: {}", mailbox.key(), e.toString());
            }
        }
        return new Round(sent, retried, failed, null);
    }

    /** Reports a retry with back-off, or failed when the attempts are used up; true when retried. */
    private boolean retryOrFail(TenantMailbox mailbox, OutboundEmail item, String reason, boolean authFailure) {
        int attempt = item.attempts() + 1;
        if (attempt >= settings.maxAttempts()) {
            report(mailbox, item, "failed", reason + " (after " + attempt + " attempts)", null);
            return false;
        }
        Duration wait = settings.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        if (wait.compareTo(settings.maxBackoff()) > 0) {
            wait = settings.maxBackoff();
        }
        report(mailbox, item, "retry", (authFailure ? "authentication failed: " : "") + reason,
                OffsetDateTime.now(clock).plus(wait).withOffsetSameInstant(ZoneOffset.UTC));
        return true;
    }

    private void report(TenantMailbox mailbox, OutboundEmail item, String status, String reason,
            OffsetDateTime next) {
        log.info("Mailbox {}: outbound {} {}: {}", mailbox.key(), item.id(), status, reason);
        api.putOutboundStatus(mailbox.tenantId(), item.id(), new OutboundEmail.StatusUpdate(status, reason, next));
    }

    /** A 5xx answer to the message or to every recipient: sending it again will not help. */
    private static boolean permanent(MessagingException e) {
        if (e instanceof SMTPSendFailedException s) {
            return s.getReturnCode() >= 500;
        }
        if (e instanceof SendFailedException s && s.getNextException() instanceof SMTPAddressFailedException a) {
            return a.getReturnCode() >= 500;
        }
        if (e instanceof jakarta.mail.internet.AddressException) {
            return true;
        }
        return false;
    }

    private static String reason(MessagingException e) {
        StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()).strip());
        Exception next = e.getNextException();
        if (next != null && next.getMessage() != null && !reason.toString().contains(next.getMessage().strip())) {
            reason.append(": ").append(next.getMessage().strip());
        }
        return reason.toString();
    }
}
