package org.openiwd.email.round;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;

import org.openiwd.email.api.ApiRefusedException;
import org.openiwd.email.api.IwdEmailApi;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.inbound.MailboxPoller;
import org.openiwd.email.mailbox.MailboxRegistry;
import org.openiwd.email.mailbox.TenantMailbox;
import org.openiwd.email.metrics.EmailMetrics;
import org.openiwd.email.oauth.MailLogin;
import org.openiwd.email.oauth.MailLogins;
import org.openiwd.email.oauth.OAuth2Exception;
import org.openiwd.email.outbound.OutboundSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * One round of one mailbox, run by the caller under the mailbox's lease: read the mailbox's current settings and
 * position and its secrets from the API, poll the inbox (again at once while a full batch leaves more), send the
 * mailbox's due outbound mail, and report both connection states and the new position
 * ({@code PUT /mailboxes/{id}/status}). An IMAP failure (refused login, unreachable server) is reported as the
 * inbound error and does not keep the round from sending; an API failure ends the round (the next round retries).
 */
@Component
public class MailboxRound {

    private static final Logger log = LoggerFactory.getLogger(MailboxRound.class);
    private static final int MAX_BATCHES_PER_ROUND = 50;

    private final IwdEmailApi api;
    private final MailboxPoller poller;
    private final OutboundSender sender;
    private final MailLogins logins;
    private final MailboxRegistry registry;
    private final EmailMetrics metrics;

    public MailboxRound(IwdEmailApi api, MailboxPoller poller, OutboundSender sender, MailLogins logins,
            MailboxRegistry registry, EmailMetrics metrics) {
        this.api = api;
        this.poller = poller;
        this.sender = sender;
        this.logins = logins;
        this.registry = registry;
        this.metrics = metrics;
    }

    /** Runs the round; never throws for a failure of the mailbox or the API (they are logged and reported). */
    public void run(TenantMailbox known) {
        MDC.put("tenant", known.tenantId());
        MDC.put("mailbox", known.id());
        try {
            Mailbox current = api.mailbox(known.tenantId(), known.id());
            if (!current.enabled()) {
                return;
            }
            TenantMailbox mailbox = new TenantMailbox(known.tenantId(), current);
            Mailbox.Credentials credentials = api.credentials(known.tenantId(), known.id());
            Mailbox.ConnectionReport inbound = poll(mailbox, credentials, current.position());
            Mailbox.ConnectionReport outbound = send(mailbox, credentials);
            api.putStatus(mailbox.tenantId(), mailbox.id(), new Mailbox.StatusUpdate(inbound, outbound, null));
        }
        catch (RuntimeException e) {
            log.warn("Mailbox {}: round ended early: {}", known.key(), e.toString());
        }
        finally {
            MDC.remove("tenant");
            MDC.remove("mailbox");
        }
    }

    private Mailbox.ConnectionReport poll(TenantMailbox mailbox, Mailbox.Credentials credentials,
            Mailbox.Position stored) {
        if (mailbox.mailbox().inbound() == null) {
            return null;
        }
        Mailbox.Position position = stored;
        try {
            MailLogin login = logins.inbound(mailbox.mailbox(), credentials);
            for (int batch = 0; batch < MAX_BATCHES_PER_ROUND; batch++) {
                MailboxPoller.Poll poll = poller.poll(mailbox, login, position);
                if (poll.position() != null) {
                    position = poll.position();
                    // Saved after each batch: the moves are done, the next batch (or replica) starts after them.
                    api.putStatus(mailbox.tenantId(), mailbox.id(), new Mailbox.StatusUpdate(null, null, position));
                }
                metrics.imapConnected(mailbox, true);
                if (poll.apiError() != null || !poll.more()) {
                    break;
                }
            }
            return Mailbox.ConnectionReport.connected(now(), true);
        }
        catch (MessagingException | OAuth2Exception e) {
            if (e instanceof AuthenticationFailedException) {
                logins.forgetInboundToken(mailbox.mailbox(), credentials);
            }
            metrics.imapConnected(mailbox, false);
            log.warn("Mailbox {}: IMAP failed: {}", mailbox.key(), e.toString());
            String kind = e instanceof AuthenticationFailedException ? "authentication failed: " : "";
            return Mailbox.ConnectionReport.error(now(), "IMAP " + mailbox.mailbox().inbound().host() + ": " + kind
                    + e.getMessage());
        }
    }

    private Mailbox.ConnectionReport send(TenantMailbox mailbox, Mailbox.Credentials credentials) {
        Optional<Mailbox> smtp = Optional.ofNullable(mailbox.mailbox().outbound() != null ? mailbox.mailbox() : null)
                .or(() -> registry.defaultOutbound(mailbox.tenantId()).map(TenantMailbox::mailbox));
        if (smtp.isEmpty()) {
            return null;
        }
        try {
            Mailbox.Credentials smtpCredentials = smtp.get().id().equals(mailbox.id()) ? credentials
                    : api.credentials(mailbox.tenantId(), smtp.get().id());
            OutboundSender.Round round = sender.sendDue(mailbox, smtp.get(),
                    logins.outbound(smtp.get(), smtpCredentials));
            if (round.smtpError() != null) {
                metrics.smtpConnected(mailbox, false);
                return Mailbox.ConnectionReport.error(now(), round.smtpError());
            }
            if (round.sent() + round.retried() + round.failed() > 0) {
                metrics.smtpConnected(mailbox, true);
                return Mailbox.ConnectionReport.connected(now(), false);
            }
            return null;
        }
        catch (OAuth2Exception | ApiRefusedException e) {
            metrics.smtpConnected(mailbox, false);
            return Mailbox.ConnectionReport.error(now(), e.getMessage());
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
