package org.openiwd.etl.job;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.openiwd.etl.feed.FeedPage;
import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The positions the loads read from, kept in the tenant's Data Mart ({@code etl_watermark}, one row per source:
 * {@code task}, {@code config}, {@code agents}) and the quarantine of what they could not take. Both are written
 * in the caller's transaction, the one that writes the rows they cover: that is what makes a crash at any point
 * followed by a restart give the rows of a clean run.
 */
@Component
public class DataMartWatermarks {

    private final JdbcClient jdbc;

    DataMartWatermarks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long position(DataMartTenant tenant, String source) {
        return jdbc.sql("SELECT last_event_id FROM %s.etl_watermark WHERE feed = ?".formatted(tenant.schema()))
                .param(source).query(Long.class).single();
    }

    /**
     * Moves the watermark from {@code from}, where the rows being committed were read, to {@code to};
     * {@link ConcurrentLoadException} (rolling the caller's transaction back) when another load moved it meanwhile.
     *
     * @param newest the time of the newest row read, or null when there is none or the source has no times
     */
    public void advance(DataMartTenant tenant, String source, long from, long to, Instant newest, long auditKey) {
        int moved = jdbc.sql("""
                UPDATE %s.etl_watermark SET last_event_id = :to, last_event_at = greatest(last_event_at, :newest),
                    updated_at = now(), updated_etl_audit_key = :audit
                WHERE feed = :source AND last_event_id = :from""".formatted(tenant.schema()))
                .param("to", to)
                .param("newest", newest == null ? null : Timestamp.from(newest))
                .param("audit", auditKey)
                .param("source", source)
                .param("from", from)
                .update();
        if (moved != 1) {
            throw new ConcurrentLoadException(tenant.id(), source, from);
        }
    }

    /** Keeps what a load refused, with its raw payload and the reason; the load carries on without it. */
    public void quarantine(DataMartTenant tenant, String source, List<FeedPage.RejectedEvent> rejected,
            long auditKey) {
        for (FeedPage.RejectedEvent event : rejected) {
            jdbc.sql("""
                    INSERT INTO %s.etl_quarantine (feed, event_id, raw_payload, reason, etl_audit_key)
                    VALUES (?, ?, ?, ?, ?)""".formatted(tenant.schema()))
                    .params(source, event.id(), event.rawPayload(), event.reason(), auditKey)
                    .update();
        }
    }

    /** Another load of the tenant moved the watermark while this one was writing; this one is rolled back. */
    public static class ConcurrentLoadException extends RuntimeException {
        ConcurrentLoadException(String tenantId, String source, long from) {
            super("The " + source + " watermark of tenant " + tenantId + " moved from " + from + " during this load");
        }
    }
}
