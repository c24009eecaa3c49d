package org.openiwd.api.security;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.openiwd.api.ApiProperties;
import org.openiwd.api.cache.RedisGateway;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Requests per second per tenant key across replicas, counted in one-second windows of the wall clock: a key may
 * make {@code requests-per-second-per-key} requests in a window; more are refused (429 with Retry-After).
 *
 * <p>Each replica counts a key's requests in memory and adds them to the window's counter in Redis at most every
 * {@code rate-limit-sync-interval} (one {@code INCRBY} per key and interval, not one Redis command per request).
 * The answer, all replicas' requests so far, decides the request that synced and is what the next ones are
 * checked against. Between two syncs a replica does not see the other replicas' requests, so several replicas
 * together can let a key through by up to what the others serve in one interval more than its limit; one replica
 * alone never lets more through than the limit. Without Redis (down, or off) each replica enforces the limit on its
 * own requests only.
 *
 * <p>Thread-safe; requests never wait for Redis while another request of the same key syncs. Nothing survives a
 * restart except the Redis counters, which expire two seconds after their window. Refusals are counted in
 * {@code iwd_rate_limited_total}.
 */
@Component
class RequestRateLimiter {

    /** Adds to the window's counter, which expires soon after the window, and answers the new total. */
    private static final String ADD = """
            local n = redis.call('INCRBY', KEYS[1], ARGV[1])
            if n == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], 2000) end
            return n""";

    private final RedisGateway redis;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int perSecond;
    private final long syncNanos;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    @Autowired
    RequestRateLimiter(RedisGateway redis, ApiProperties properties, MeterRegistry meters) {
        this(redis, properties, meters, Clock.systemUTC());
    }

    RequestRateLimiter(RedisGateway redis, ApiProperties properties, MeterRegistry meters, Clock clock) {
        this.redis = redis;
        this.meters = meters;
        this.clock = clock;
        this.perSecond = properties.redis().requestsPerSecondPerKey();
        this.syncNanos = properties.redis().rateLimitSyncInterval().toNanos();
    }

    /** False when the key has used up this second's requests. */
    boolean tryAcquire(byte[] keyHash, String tenantId) {
        if (perSecond == 0) {
            return true;
        }
        String key = HexFormat.of().formatHex(keyHash);
        long second = clock.millis() / 1000;
        Window window = windows.get(key);
        if (window == null || window.second != second) {
            window = windows.compute(key, (k, w) -> w == null || w.second != second ? new Window(second) : w);
        }
        long toSync;
        synchronized (window) {
            if (window.known + window.unsynced >= perSecond) {
                rejected(tenantId).increment();
                return false;
            }
            window.unsynced++;
            long now = System.nanoTime();
            boolean due = window.syncedAt == 0 || now - window.syncedAt >= syncNanos;
            if (window.syncing || !due) {
                return true;
            }
            window.syncing = true;
            window.syncedAt = now;
            toSync = window.unsynced;
            window.unsynced = 0;
        }
        long total = redis.call(c -> c.getScript(StringCodec.INSTANCE).<Long>eval(RScript.Mode.READ_WRITE, ADD,
                RScript.ReturnType.INTEGER, List.of(redis.name("rate:" + key + ":" + second)),
                Long.toString(toSync))).orElse(-1L);
        synchronized (window) {
            window.syncing = false;
            // Without Redis only this replica's own requests count.
            window.known = total < 0 ? window.known + toSync : total;
        }
        if (total > perSecond) {
            // Other replicas used the rest of the window since the last sync.
            rejected(tenantId).increment();
            return false;
        }
        return true;
    }

    private Counter rejected(String tenantId) {
        return Counter.builder("iwd.rate.limited").description("Requests refused with 429 by the per-key rate limit")
                .tag("tenant", tenantId).register(meters);
    }

    /** A key's requests in one second: all replicas' as of the last sync, and this replica's since. */
    private static final class Window {
        final long second;
        long known;
        long unsynced;
        long syncedAt;
        boolean syncing;

        Window(long second) {
            this.second = second;
        }
    }
}
