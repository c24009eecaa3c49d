package org.openiwd.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** While one holder runs the work, a second one skips it; once released, the next one runs. */
class SingletonLeaseTest extends ApiIntegrationTest {

    @Autowired
    SingletonLease lease;

    @Test
    void onlyOneHolderRunsTheWorkAtATime() throws Exception {
        String name = "lease-test-" + System.nanoTime();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> lease.runIfFree(name,
                Duration.ofSeconds(30), () -> {
                    running.countDown();
                    await(release);
                }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        boolean[] secondRan = {false};
        assertThat(lease.runIfFree(name, Duration.ofSeconds(30), () -> secondRan[0] = true)).isFalse();
        assertThat(secondRan[0]).isFalse();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lease.runIfFree(name, Duration.ofSeconds(30), () -> secondRan[0] = true)).isTrue();
        assertThat(secondRan[0]).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
