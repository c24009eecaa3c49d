package org.openiwd.api.config;

import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.openiwd.api.ApiProperties;
import org.openiwd.api.cache.RedisGateway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the task lifecycle asks of the configuration: can a task be classified into this process? Answers are
 * kept in memory for {@code iwd.api.redis.local-cache-time} and dropped on every replica when the tenant's
 * configuration changes (through Redis; without it, by expiry). Lookups are counted in
 * {@code iwd.cache.lookups{cache="configuration"}} by where they were answered. Thread-safe.
 */
@Component
public class Classification {

    private final JdbcClient jdbc;
    private final Cache<String, Boolean> liveProcesses;
    private final Counter localHits;
    private final Counter databaseReads;
    /** Counts configuration changes heard of, so a read that overlapped one does not cache a stale answer. */
    private final AtomicLong changes = new AtomicLong();

    Classification(JdbcClient jdbc, RedisGateway redis, ApiProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.liveProcesses = Caffeine.newBuilder().expireAfterWrite(properties.redis().localCacheTime())
                .maximumSize(100_000).build();
        this.localHits = lookups(meters, "local");
        this.databaseReads = lookups(meters, "database");
        redis.onInvalidation(message -> {
            if (message.startsWith(CONFIG_MESSAGE)) {
                changes.incrementAndGet();
                String prefix = message.substring(CONFIG_MESSAGE.length()) + "|";
                liveProcesses.asMap().keySet().removeIf(k -> k.startsWith(prefix));
            }
        });
    }

    static final String CONFIG_MESSAGE = "config:";

    /** Whether the tenant has a live (not retired) process with this id. */
    public boolean isLiveProcess(String tenantId, String processId) {
        String key = tenantId + "|" + processId;
        Boolean cached = liveProcesses.getIfPresent(key);
        if (cached != null) {
            localHits.increment();
            return cached;
        }
        databaseReads.increment();
        long changesBefore = changes.get();
        boolean live = lookUp(tenantId, processId);
        // A change since the read began may concern this process: the answer serves this task only.
        if (changes.get() == changesBefore) {
            liveProcesses.put(key, live);
        }
        return live;
    }

    private static Counter lookups(MeterRegistry meters, String source) {
        return Counter.builder("iwd.cache.lookups").description("Cache lookups by where they were answered")
                .tags("cache", "configuration", "source", source).register(meters);
    }

    private boolean lookUp(String tenantId, String processId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM config_object
                               WHERE tenant_id = ? AND kind = 'process' AND object_id = ? AND NOT deleted)""")
                .params(tenantId, processId).query(Boolean.class).single();
    }
}
