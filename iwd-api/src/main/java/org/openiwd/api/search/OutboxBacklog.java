package org.openiwd.api.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the index is behind PostgreSQL: the outbox rows not yet indexed and the age of the oldest, as gauges
 * {@code iwd_search_outbox_backlog} and {@code iwd_search_index_lag_seconds} and for the health details. Read from
 * the database at most once per {@link #FRESHNESS}, however often it is scraped. Also answers, per tenant, whether
 * the index is too far behind to search.
 */
@Component
@OnElasticsearchBackend
class OutboxBacklog {

    static final Duration FRESHNESS = Duration.ofSeconds(2);

    /** Rows waiting and the age of the oldest in seconds (0 when none wait). */
    record Snapshot(long rows, double lagSeconds, Instant takenAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration maxLag;
    private volatile Snapshot last;

    OutboxBacklog(JdbcClient jdbc, Clock clock, SearchProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxLag = properties.maxLag();
        Gauge.builder("iwd.search.outbox.backlog", this, b -> b.current().rows())
                .description("Task changes waiting in the outbox to be indexed in Elasticsearch")
                .register(meters);
        Gauge.builder("iwd.search.index.lag", this, b -> b.current().lagSeconds())
                .description("Age of the oldest task change not yet indexed in Elasticsearch")
                .baseUnit("seconds")
                .register(meters);
    }

    Snapshot current() {
        Snapshot snapshot = last;
        Instant now = clock.instant();
        if (snapshot == null || Duration.between(snapshot.takenAt(), now).compareTo(FRESHNESS) >= 0) {
            snapshot = jdbc.sql("""
                    SELECT count(*) AS rows,
                        coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0) AS lag
                    FROM search_outbox""")
                    .query((rs, n) -> new Snapshot(rs.getLong("rows"), Math.max(0, rs.getDouble("lag")), now))
                    .single();
            last = snapshot;
        }
        return snapshot;
    }

    /** Whether the tenant has a change waiting longer than {@code max-lag}: then PostgreSQL answers its searches. */
    boolean behind(String tenantId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM search_outbox
                    WHERE tenant_id = ? AND created_at < clock_timestamp() - ? * interval '1 millisecond')""")
                .params(tenantId, maxLag.toMillis())
                .query(Boolean.class).single();
    }
}
