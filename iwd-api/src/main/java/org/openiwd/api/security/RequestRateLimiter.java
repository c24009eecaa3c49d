package org.openiwd.api.security;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.openiwd.api.ApiProperties;
import org.openiwd.api.cache.RedisGateway;
import org.redisson.api.RateType;
import org.springframework.stereotype.Component;

/**
 * Requests per second per tenant key, counted in Redis across replicas (a Redisson rate limiter per key). Fails
 * open: without Redis no request is refused. Refusals are counted in {@code iwd_rate_limited_total}.
 */
@Component
class RequestRateLimiter {


    private final RedisGateway redis;
    private final MeterRegistry meters;
    private final int perSecond;
    private final Set<String> configured = ConcurrentHashMap.newKeySet();

    RequestRateLimiter(RedisGateway redis, ApiProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.meters = meters;
        this.perSecond = properties.redis().requestsPerSecondPerKey();
    }

    /** False when the key has used up this second's requests. */
    boolean tryAcquire(byte[] keyHash, String tenantId) {
        if (perSecond == 0) {
            return true;
        }
        String name = redis.name("rate:" + HexFormat.of().formatHex(keyHash));
        boolean allowed = redis.call(c -> {
            var limiter = c.getRateLimiter(name);
            if (configured.add(name)) {
                // Kept an hour after its last use, so limiters of idle keys do not pile up in Redis.
                limiter.trySetRate(RateType.OVERALL, perSecond, Duration.ofSeconds(1), Duration.ofHours(1));
            }
            return limiter.tryAcquire();
        }).orElse(true);
        if (!allowed) {
            meters.counter("iwd.rate.limited", "tenant", tenantId).increment();
        }
        return allowed;
    }
}
