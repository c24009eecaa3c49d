package org.openiwd.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.ApiProperties;
import org.openiwd.api.cache.RedisGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Two replicas share a key's limit through Redis: what one has let through counts for the other. With a sync
 * interval of zero every request syncs, so the shared count is exact; the clock is fixed, so the test stays in one
 * window.
 */
@TestPropertySource(properties = {"iwd.api.redis.requests-per-second-per-key=5",
    "iwd.api.redis.rate-limit-sync-interval=0s"})
class RateLimitAcrossReplicasTest extends ApiIntegrationTest {

    @Autowired
    RedisGateway redis;

    @Autowired
    ApiProperties properties;

    @Autowired
    MeterRegistry meters;

    @Test
    void twoReplicasTogetherLetThroughTheKeysLimitAndNoMore() {
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        RequestRateLimiter first = new RequestRateLimiter(redis, properties, meters, clock);
        RequestRateLimiter second = new RequestRateLimiter(redis, properties, meters, clock);
        byte[] key = ApiKeys.hash(UUID.randomUUID().toString());
        List<Boolean> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(first.tryAcquire(key, "t"));
        }
        for (int i = 0; i < 3; i++) {
            answers.add(second.tryAcquire(key, "t"));
        }
        answers.add(first.tryAcquire(key, "t"));
        assertThat(answers).containsExactly(true, true, true, true, true, false, false);
        assertThat(first.tryAcquire(ApiKeys.hash(UUID.randomUUID().toString()), "t"))
                .as("another key has its own budget").isTrue();
    }
}
