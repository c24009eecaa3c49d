package org.openiwd.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * While one holder runs the work, a second one skips it; once released, the next one runs; a holder that outlives
 * its lease (a replica stuck or dead) loses it to the next one, and its late end does not free the new holder's.
 */
class SingletonLeaseTest extends ApiIntegrationTest {

    @Autowired
    SingletonLease lease;
    /** Holders of their own: the common pool may have one worker, which a blocked holder would take. */
    private final ExecutorService holders = Executors.newCachedThreadPool();

    @AfterEach
    void stopHolders() {
        holders.shutdownNow();
    }

    @Test
    void onlyOneHolderRunsTheWorkAtATime() throws Exception {
        String name = "lease-test-" + System.nanoTime();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> lease.runIfFree(name,
                Duration.ofSeconds(30), () -> {
                    running.countDown();
                    await(release);
                }), holders);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        boolean[] secondRan = {false};
        assertThat(lease.runIfFree(name, Duration.ofSeconds(30), () -> secondRan[0] = true)).isFalse();
        assertThat(secondRan[0]).isFalse();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lease.runIfFree(name, Duration.ofSeconds(30), () -> secondRan[0] = true)).isTrue();
        assertThat(secondRan[0]).isTrue();
    }

    @Test
    void aHolderThatOutlivesItsLeaseLosesItAndItsLateEndLeavesTheNewHolderAlone() throws Exception {
        String name = "lease-expiry-test-" + System.nanoTime();
        CountDownLatch stuckRunning = new CountDownLatch(1);
        CountDownLatch unstick = new CountDownLatch(1);
        CompletableFuture<Boolean> stuck = CompletableFuture.supplyAsync(() -> lease.runIfFree(name,
                Duration.ofSeconds(8), () -> {
                    stuckRunning.countDown();
                    await(unstick);
                }), holders);
        assertThat(stuckRunning.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lease.runIfFree(name, Duration.ofSeconds(30), () -> { })).as("within the lease").isFalse();

        CountDownLatch nextRunning = new CountDownLatch(1);
        CountDownLatch releaseNext = new CountDownLatch(1);
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (lease.runIfFree(name, Duration.ofSeconds(30), () -> {
                    nextRunning.countDown();
                    await(releaseNext);
                })) {
                    return true;
                }
                sleep(100);
            }
            return false;
        }, holders);
        assertThat(nextRunning.await(20, TimeUnit.SECONDS)).as("taken over once the lease expired").isTrue();

        unstick.countDown();
        assertThat(stuck.get(10, TimeUnit.SECONDS)).as("the stuck holder's work still ends").isTrue();
        assertThat(lease.runIfFree(name, Duration.ofSeconds(30), () -> { }))
                .as("the late end did not release the new holder's lease").isFalse();
        releaseNext.countDown();
        assertThat(next.get(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
