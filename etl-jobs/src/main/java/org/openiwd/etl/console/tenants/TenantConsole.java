package org.openiwd.etl.console.tenants;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads each served tenant's Data Mart state: one query per tenant, auto-committed, read only. A tenant whose schema
 * cannot be read gets a row with the error, and the others are still listed.
 */
@Service
public class TenantConsole {

    private final TenantRegistry tenants;
    private final JdbcClient jdbc;

    TenantConsole(TenantRegistry tenants, JdbcClient jdbc) {
        this.tenants = tenants;
        this.jdbc = jdbc;
    }

    public List<TenantRow> rows() {
        List<TenantRow> rows = new ArrayList<>();
        for (DataMartTenant tenant : tenants.active()) {
            rows.add(row(tenant));
        }
        return rows;
    }

    public TenantRow row(String tenantId) {
        return row(tenants.find(tenantId).orElseThrow(() -> new IllegalArgumentException("Tenant " + tenantId
                + " is not registered in the Data Mart")));
    }

    /** The tenant's quarantined events, newest first, at most {@code limit}. */
    public List<QuarantineEntry> quarantine(String tenantId, int limit) {
        DataMartTenant tenant = tenants.find(tenantId).orElseThrow(() -> new IllegalArgumentException("Tenant "
                + tenantId + " is not registered in the Data Mart"));
        return jdbc.sql("""
                SELECT q.quarantine_id, q.feed, q.event_id, q.reason, q.raw_payload, q.quarantined_at,
                    a.job_execution_id
                FROM %1$s.etl_quarantine q LEFT JOIN %1$s.etl_audit a ON a.etl_audit_key = q.etl_audit_key
                ORDER BY q.quarantine_id DESC LIMIT ?""".formatted(tenant.schema()))
                .param(Math.min(Math.max(limit, 1), 1000))
                .query((rs, n) -> new QuarantineEntry(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class),
                        rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, Long.class)))
                .list();
    }

    /**
     * A quarantined event of a tenant.
     *
     * @param executionId the job execution that quarantined it, when it was a job's
     */
    public record QuarantineEntry(long id, String feed, Long eventId, String reason, String rawPayload,
            OffsetDateTime quarantinedAt, Long executionId) {
    }

    private TenantRow row(DataMartTenant tenant) {
        try {
            return jdbc.sql("""
                    SELECT (SELECT last_event_id FROM %1$s.etl_watermark WHERE feed = 'task'),
                        (SELECT last_event_id FROM %1$s.etl_watermark WHERE feed = 'config'),
                        (SELECT last_event_at FROM %1$s.etl_watermark WHERE feed = 'task'),
                        (SELECT count(*) FROM %1$s.etl_quarantine),
                        (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
                         JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = :schema AND c.relkind IN ('r', 'm', 'p'))""".formatted(tenant.schema()))
                    .param("schema", tenant.schema())
                    .query((rs, n) -> {
                        OffsetDateTime last = rs.getObject(3, OffsetDateTime.class);
                        Long lag = last == null ? null
                                : Math.max(0, Instant.now().getEpochSecond() - last.toEpochSecond());
                        return new TenantRow(tenant.id(), tenant.name(), tenant.timeZone().getId(), tenant.schema(),
                                rs.getObject(1, Long.class), rs.getObject(2, Long.class),
                                last == null ? null : last.toInstant(), lag, rs.getLong(4), rs.getLong(5), null);
                    })
                    .single();
        }
        catch (RuntimeException e) {
            return new TenantRow(tenant.id(), tenant.name(), tenant.timeZone().getId(), tenant.schema(), null, null,
                    null, null, null, null, e.getMessage());
        }
    }
}
