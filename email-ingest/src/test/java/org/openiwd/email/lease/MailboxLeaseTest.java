package org.openiwd.email.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openiwd.email.EmailProperties;

/** The mailbox lease on the real Redis of ./iwd services, each test with its own key prefix. */
class MailboxLeaseTest {

    private final String prefix = "test-" + UUID.randomUUID();
    private final MailboxLease replicaA = new MailboxLease(properties(true, "redis://127.0.0.1:6379"));
    private final MailboxLease replicaB = new MailboxLease(properties(true, "redis://127.0.0.1:6379"));

    private EmailProperties properties(boolean enabled, String url) {
        EmailProperties defaults = EmailProperties.withApi(new EmailProperties.Api(java.net.URI.create("http://127.0.0.1:9"),
                "", Duration.ofSeconds(1)));
        return new EmailProperties(defaults.api(), new EmailProperties.Redis(enabled, url, Duration.ofMillis(500), prefix),
                defaults.mailboxes(), defaults.inbound(), defaults.limits(), defaults.outbound());
    }

    @AfterEach
    void close() {
        replicaA.destroy();
        replicaB.destroy();
    }

    @Test
    void aMailboxHeldByOneReplicaIsSkippedByTheOther() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread a = Thread.ofVirtual().start(() -> replicaA.runIfFree("t1/support", Duration.ofMinutes(1), () -> {
            holding.countDown();
            await(release);
        }));
        holding.await();
        AtomicBoolean ranOnB = new AtomicBoolean();
        assertThat(replicaB.runIfFree("t1/support", Duration.ofMinutes(1), () -> ranOnB.set(true))).isFalse();
        assertThat(ranOnB).isFalse();
        assertThat(replicaB.runIfFree("t1/other", Duration.ofMinutes(1), () -> ranOnB.set(true))).isTrue();
        release.countDown();
        a.join();
        assertThat(replicaB.runIfFree("t1/support", Duration.ofMinutes(1), () -> { })).isTrue();
    }

    @Test
    void aLeaseThatExpiresUnderASlowRoundLetsAnotherReplicaIn() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread a = Thread.ofVirtual().start(() -> replicaA.runIfFree("t1/slow", Duration.ofMillis(300), () -> {
            holding.countDown();
            await(release);
        }));
        holding.await();
        // No timed assertion: keep trying until the lease has expired, however long the machine takes.
        while (!replicaB.runIfFree("t1/slow", Duration.ofMinutes(1), () -> { })) {
            Thread.sleep(50);
        }
        assertThat(a.isAlive()).as("replica A's round is still running when B gets the mailbox").isTrue();
        release.countDown();
        a.join();
    }

    @Test
    void withoutRedisEveryRoundRuns() {
        MailboxLease down = new MailboxLease(properties(true, "redis://127.0.0.1:1"));
        MailboxLease off = new MailboxLease(properties(false, "redis://127.0.0.1:6379"));
        try {
            AtomicInteger runs = new AtomicInteger();
            assertThat(down.runIfFree("t1/support", Duration.ofMinutes(1), runs::incrementAndGet)).isTrue();
            assertThat(off.runIfFree("t1/support", Duration.ofMinutes(1), runs::incrementAndGet)).isTrue();
            assertThat(runs).hasValue(2);
        }
        finally {
            down.destroy();
            off.destroy();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
