package org.openiwd.email.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.openiwd.email.mailbox.MailboxListener;
import org.openiwd.email.mailbox.TenantMailbox;
import org.springframework.stereotype.Component;

/**
 * Per mailbox (labels {@code tenant}, {@code mailbox}): {@code iwdEmail_inbound_emails_processed_total} (submitted
 * and acknowledged by the API, unparsable ones included), {@code iwdEmail_inbound_emails_failed_total} (could not be
 * submitted: left in the mailbox), {@code iwdEmail_inbound_emails_blocked_total} (attachments blocked by a limit),
 * {@code iwdEmail_outbound_emails_sent_total}, {@code iwdEmail_outbound_emails_failed_total} (each failed attempt),
 * {@code iwdEmail_connection_status{protocol="imap|smtp"}} (1 connected, 0 error, NaN-free: 0 until the first
 * round), {@code iwdEmail_inbound_processing_duration_seconds} and {@code iwdEmail_outbound_processing_duration_seconds}
 * histograms per message. Meters are registered when a mailbox is loaded and removed with it. Thread-safe.
 */
@Component
public class EmailMetrics implements MailboxListener {

    private final MeterRegistry registry;
    private final Map<String, MailboxMeters> meters = new ConcurrentHashMap<>();

    public EmailMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private record MailboxMeters(Counter processed, Counter failed, Counter blocked, Counter sent, Counter sendFailed,
            AtomicInteger imap, AtomicInteger smtp, Timer inbound, Timer outbound, List<Meter> all) {
    }

    @Override
    public void loaded(TenantMailbox mailbox) {
        meters.computeIfAbsent(mailbox.key(), k -> register(mailbox));
    }

    @Override
    public void removed(TenantMailbox mailbox) {
        MailboxMeters removed = meters.remove(mailbox.key());
        if (removed != null) {
            removed.all().forEach(registry::remove);
        }
    }

    private MailboxMeters register(TenantMailbox mailbox) {
        Tags tags = Tags.of("tenant", mailbox.tenantId(), "mailbox", mailbox.id());
        List<Meter> all = new ArrayList<>();
        Counter processed = add(all, Counter.builder("iwdEmail.inbound.emails.processed")
                .description("Inbound messages the API acknowledged (tasks and unparsable items)").tags(tags)
                .register(registry));
        Counter failed = add(all, Counter.builder("iwdEmail.inbound.emails.failed")
                .description("Inbound messages that could not be submitted and stay in the mailbox").tags(tags)
                .register(registry));
        Counter blocked = add(all, Counter.builder("iwdEmail.inbound.emails.blocked")
                .description("Inbound attachments blocked by a size or extension limit").tags(tags).register(registry));
        Counter sent = add(all, Counter.builder("iwdEmail.outbound.emails.sent")
                .description("Outbound messages accepted by the SMTP server").tags(tags).register(registry));
        Counter sendFailed = add(all, Counter.builder("iwdEmail.outbound.emails.failed")
                .description("Failed outbound attempts (retried or failed for good)").tags(tags).register(registry));
        AtomicInteger imap = new AtomicInteger();
        AtomicInteger smtp = new AtomicInteger();
        add(all, Gauge.builder("iwdEmail.connection.status", imap, AtomicInteger::get)
                .description("1 when the last connection succeeded, 0 otherwise").tags(tags.and("protocol", "imap"))
                .register(registry));
        add(all, Gauge.builder("iwdEmail.connection.status", smtp, AtomicInteger::get)
                .description("1 when the last connection succeeded, 0 otherwise").tags(tags.and("protocol", "smtp"))
                .register(registry));
        Timer inbound = add(all, Timer.builder("iwdEmail.inbound.processing.duration")
                .description("Time to fetch, parse, submit and file one inbound message").tags(tags)
                .publishPercentileHistogram().register(registry));
        Timer outbound = add(all, Timer.builder("iwdEmail.outbound.processing.duration")
                .description("Time to send and report one outbound message").tags(tags)
                .publishPercentileHistogram().register(registry));
        return new MailboxMeters(processed, failed, blocked, sent, sendFailed, imap, smtp, inbound, outbound, all);
    }

    private static <M extends Meter> M add(List<Meter> all, M meter) {
        all.add(meter);
        return meter;
    }

    private MailboxMeters of(TenantMailbox mailbox) {
        return meters.computeIfAbsent(mailbox.key(), k -> register(mailbox));
    }

    public void processed(TenantMailbox mailbox, Duration took) {
        MailboxMeters m = of(mailbox);
        m.processed().increment();
        m.inbound().record(took);
    }

    public void failed(TenantMailbox mailbox) {
        of(mailbox).failed().increment();
    }

    public void blocked(TenantMailbox mailbox, int attachments) {
        if (attachments > 0) {
            of(mailbox).blocked().increment(attachments);
        }
    }

    public void sent(TenantMailbox mailbox, Duration took) {
        MailboxMeters m = of(mailbox);
        m.sent().increment();
        m.outbound().record(took);
    }

    public void sendFailed(TenantMailbox mailbox, Duration took) {
        MailboxMeters m = of(mailbox);
        m.sendFailed().increment();
        m.outbound().record(took);
    }

    public void imapConnected(TenantMailbox mailbox, boolean up) {
        of(mailbox).imap().set(up ? 1 : 0);
    }

    public void smtpConnected(TenantMailbox mailbox, boolean up) {
        of(mailbox).smtp().set(up ? 1 : 0);
    }
}
