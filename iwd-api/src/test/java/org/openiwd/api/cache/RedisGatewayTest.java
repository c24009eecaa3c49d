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
        ApiProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "iwd.api.redis.url", redis.url(), "iwd.api.redis.retry-after-outage", "1m",
                "iwd.api.redis.timeout", "5s")))
                .bindOrCreate("iwd.api", ApiProperties.class);
        gateway = new RedisGateway(properties, new SimpleMeterRegistry());
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
