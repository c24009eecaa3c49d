package org.openiwd.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The gateway's availability under concurrent commands, on a Redis server of the test's own. */
class RedisGatewayTest {

    private RedisServer redis;
    private RedisGateway gateway;
    private final ExecutorService threads = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() throws IOException, InterruptedException {
        redis = new RedisServer().start();
        gateway = gateway("1m");
    }

    private RedisGateway gateway(String retryAfterOutage) {
        ApiProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "iwd.api.redis.url", redis.url(), "iwd.api.redis.retry-after-outage", retryAfterOutage,
                "iwd.api.redis.timeout", "5s")))
                .bindOrCreate("iwd.api", ApiProperties.class);
        return new RedisGateway(properties, new SimpleMeterRegistry());
    }

    @Test
    void aLeaseTriedWhileRedisIsDownRunsTheWorkWithoutMarkingRedisAvailable() throws Exception {
        RedisGateway retrying = gateway("50ms");
        try {
            SingletonLease lease = new SingletonLease(retrying);
            java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            retrying.onInvalidation(heard::add);
            redis.stop();
            retrying.call(c -> c.getBucket(retrying.name("gone")).isExists());
            assertThat(retrying.available()).isFalse();
            Thread.sleep(200);

            boolean[] ran = {false};
            assertThat(lease.runIfFree("without-redis", java.time.Duration.ofSeconds(5), () -> ran[0] = true))
                    .isTrue();
            assertThat(ran[0]).as("without Redis every replica does the work").isTrue();
            assertThat(retrying.available()).as("nothing answered from Redis").isFalse();
            assertThat(heard).as("so no outage ended, even for a moment").doesNotContain(RedisGateway.OUTAGE_OVER);
        }
        finally {
            retrying.destroy();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        gateway.destroy();
        redis.close();
    }

    @Test
    void aCommandStartedBeforeAnotherFailedDoesNotMarkRedisAvailableAgain() throws Exception {
        assertThat(gateway.available()).as("probed at start").isTrue();
        String text = gateway.name("gateway-test-text");
        gateway.call(c -> {
            c.getBucket(text).set("not a hash");
            return null;
        });
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        Future<Optional<Boolean>> late = threads.submit(() -> gateway.call(c -> {
            sent.countDown();
            await(answer);
            return c.getBucket(text).isExists();
        }));
        assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();

        // A real failure from Redis (WRONGTYPE: a hash read of a string) while the first command is in flight.
        assertThat(gateway.call(c -> c.getMap(text).get("field"))).isEmpty();
        assertThat(gateway.available()).isFalse();
        answer.countDown();

        assertThat(late.get(10, TimeUnit.SECONDS)).as("the late command's own answer").contains(true);
        assertThat(gateway.available()).as("still down: the failure came after the late command started")
                .isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
