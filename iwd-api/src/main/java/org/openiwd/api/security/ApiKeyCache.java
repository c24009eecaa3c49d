package org.openiwd.api.security;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.openiwd.api.ApiProperties;
import org.openiwd.api.cache.RedisGateway;
import org.redisson.api.RBucket;
import org.springframework.stereotype.Component;

/**
 * Resolved tenant keys, cached in two levels: in this replica's memory for {@code local-cache-time}, and in Redis
 * for {@code shared-cache-time} so other replicas skip the database too. Revoking a key or deleting a tenant
 * evicts both levels on every replica through the invalidation topic, and leaves a tombstone in Redis for
 * {@code shared-cache-time}: a replica that read the key from the database just before the revocation committed
 * shares its stale answer only where no entry exists ({@code SET NX}), so it cannot re-share a revoked key. When
 * Redis cannot carry the revocation, the revoking replica forgets the key at once, others within
 * {@code local-cache-time}, and the shared entries are dropped when the revoking replica reaches Redis again (a
 * replica cut off from Redis while others still reach it can leave a revoked key usable there for at most
 * {@code shared-cache-time}). Unknown keys are not cached. Thread-safe.
 */
@Component
class ApiKeyCache {

    /** The shared entry of a revoked key: not a caller, and never replaced by a stale database read. */
    private static final String REVOKED = "revoked";

    private final RedisGateway redis;
    private final Cache<String, Caller> local;
    /** Counts evictions, so a lookup that overlapped one does not put a stale answer in {@link #local}. */
    private final AtomicLong evictions = new AtomicLong();
    private final Duration sharedTime;
    private final Counter localHits;
    private final Counter sharedHits;
    private final Counter databaseReads;

    ApiKeyCache(RedisGateway redis, ApiProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.localHits = lookups(meters, "local");
        this.sharedHits = lookups(meters, "redis");
        this.databaseReads = lookups(meters, "database");
        this.sharedTime = properties.redis().sharedCacheTime();
        this.local = Caffeine.newBuilder().expireAfterWrite(properties.redis().localCacheTime())
                .maximumSize(100_000).build();
        redis.onInvalidation(this::evict);
    }

    Optional<Caller> resolve(byte[] hash, Supplier<Optional<Caller>> database) {
        String id = HexFormat.of().formatHex(hash);
        Caller cached = local.getIfPresent(id);
        if (cached != null) {
            localHits.increment();
            return Optional.of(cached);
        }
        long evictionsBefore = evictions.get();
        Optional<String> entry = redis.<String>call(c -> c.<String>getBucket(redis.name("key:" + id)).get());
        if (entry.filter(REVOKED::equals).isPresent()) {
            sharedHits.increment();
            return Optional.empty();
        }
        Optional<Caller> shared = entry.map(ApiKeyCache::decode);
        (shared.isPresent() ? sharedHits : databaseReads).increment();
        Optional<Caller> caller = shared.isPresent() ? shared : database.get();
        caller.ifPresent(c -> {
            // Only where nothing is: a tombstone written since the database read must stay.
            boolean shareRefused = shared.isEmpty() && !redis.call(r -> r.<String>getBucket(redis.name("key:" + id))
                    .setIfAbsent(encode(c), sharedTime)).orElse(true);
            // An eviction since this lookup began may concern this key: the answer serves this request only.
            if (!shareRefused && evictions.get() == evictionsBefore) {
                local.put(id, c);
            }
        });
        return caller;
    }

    /** After a key's revocation commits: forget it everywhere. */
    void evictKey(byte[] hash) {
        String id = HexFormat.of().formatHex(hash);
        evictions.incrementAndGet();
        local.invalidate(id);
        bury(id);
        redis.publish("key:" + id);
    }

    /** After a tenant's deletion commits: forget its keys everywhere. */
    void evictTenant(String tenantId, java.util.List<byte[]> hashes) {
        evictions.incrementAndGet();
        local.asMap().values().removeIf(c -> tenantId.equals(c.tenantId()));
        hashes.forEach(h -> bury(HexFormat.of().formatHex(h)));
        redis.publish("tenant:" + tenantId);
    }

    private void bury(String id) {
        redis.call(c -> {
            c.<String>getBucket(redis.name("key:" + id)).set(REVOKED, sharedTime);
            return Boolean.TRUE;
        });
    }

    private void evict(String message) {
        evictions.incrementAndGet();
        if (message.equals(RedisGateway.OUTAGE_OVER)) {
            // A key revoked while this replica could not reach Redis may still be shared there: drop every shared
            // answer, each only if it is still the one read (a tombstone must stay).
            redis.call(c -> {
                for (String name : c.getKeys().getKeysByPattern(redis.name("key:*"))) {
                    RBucket<String> bucket = c.getBucket(name);
                    String value = bucket.get();
                    if (value != null && !value.equals(REVOKED)) {
                        bucket.compareAndSet(value, null);
                    }
                }
                return Boolean.TRUE;
            });
        }
        else if (message.startsWith("key:")) {
            local.invalidate(message.substring(4));
        }
        else if (message.startsWith("tenant:")) {
            String tenant = message.substring(7);
            local.asMap().values().removeIf(c -> tenant.equals(c.tenantId()));
        }
    }

    private static Counter lookups(MeterRegistry meters, String source) {
        return Counter.builder("iwd.cache.lookups").description("Cache lookups by where they were answered")
                .tags("cache", "api-keys", "source", source).register(meters);
    }

    private static String encode(Caller caller) {
        return caller.role().wireName() + "|" + caller.tenantId();
    }

    private static Caller decode(String value) {
        int bar = value.indexOf('|');
        return new Caller(Role.fromWire(value.substring(0, bar)), value.substring(bar + 1), false);
    }
}
