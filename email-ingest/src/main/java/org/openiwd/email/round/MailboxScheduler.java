package org.openiwd.email.round;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.openiwd.email.EmailProperties;
import org.openiwd.email.lease.MailboxLease;
import org.openiwd.email.mailbox.MailboxRegistry;
import org.openiwd.email.mailbox.TenantMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives each enabled mailbox a {@link MailboxRound} when its poll interval has passed since its last round: on its
 * own virtual thread, under its lease (another replica holding it: skipped until the next interval), never two
 * rounds of one mailbox at once in this replica, at most {@code max-concurrent} rounds at once. The registry is
 * reloaded every {@code reload-interval}. Off with {@code iwd.email.mailboxes.enabled=false}.
 */
@Component
@ConditionalOnProperty(name = "iwd.email.mailboxes.enabled", havingValue = "true", matchIfMissing = true)
public class MailboxScheduler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailboxScheduler.class);

    private final MailboxRegistry registry;
    private final MailboxRound round;
    private final MailboxLease lease;
    private final EmailProperties.Mailboxes settings;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("mailbox-", 0).factory());
    private final Semaphore slots;
    private final Map<String, Instant> nextRound = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();

    public MailboxScheduler(MailboxRegistry registry, MailboxRound round, MailboxLease lease,
            EmailProperties properties) {
        this.registry = registry;
        this.round = round;
        this.lease = lease;
        this.settings = properties.mailboxes();
        this.slots = new Semaphore(settings.maxConcurrent());
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${iwd.email.mailboxes.reload-interval:30s}")
    void reload() {
        registry.reload();
    }

    @Scheduled(initialDelayString = "${iwd.email.mailboxes.tick:1s}", fixedDelayString = "${iwd.email.mailboxes.tick:1s}")
    void tick() {
        Instant now = Instant.now();
        for (TenantMailbox mailbox : registry.all()) {
            if (!mailbox.mailbox().enabled() || now.isBefore(nextRound.getOrDefault(mailbox.key(), Instant.MIN))) {
                continue;
            }
            if (running.putIfAbsent(mailbox.key(), Boolean.TRUE) != null) {
                continue;
            }
            if (!slots.tryAcquire()) {
                running.remove(mailbox.key());
                return;
            }
            nextRound.put(mailbox.key(), now.plus(mailbox.mailbox().pollEvery()));
            threads.execute(() -> {
                try {
                    lease.runIfFree(mailbox.key(), settings.lease(), () -> round.run(mailbox));
                }
                catch (RuntimeException e) {
                    log.error("Mailbox {}: round failed", mailbox.key(), e);
                }
                finally {
                    slots.release();
                    running.remove(mailbox.key());
                }
            });
        }
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
