package org.openiwd.etl.metrics;

import java.util.List;

import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tenant's {@code etl_job_status}: one row per job with its last start, success and failure. Each call is
 * its own short auto-committed statement, outside the transactions of the data, so that a failed run's rollback
 * never erases the record of its failure. Thread-safe.
 */
@Component
class JobStatusTable {

    private final JdbcClient jdbc;

    JobStatusTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void started(DataMartTenant tenant, String job, long executionId) {
        jdbc.sql("""
                INSERT INTO %s.etl_job_status (job_name, last_execution_id, last_status, last_start_at)
                VALUES (?, ?, 'STARTED', now())
                ON CONFLICT (job_name) DO UPDATE SET last_execution_id = excluded.last_execution_id,
                    last_status = excluded.last_status, last_start_at = excluded.last_start_at, last_end_at = NULL"""
                .formatted(tenant.schema()))
                .params(job, executionId)
                .update();
    }

    /**
     * @param eventsLoaded the task events the run loaded, or null when the job does not load the task feed
     */
    void ended(DataMartTenant tenant, String job, long executionId, boolean success, Long eventsLoaded) {
        jdbc.sql("""
                INSERT INTO %s.etl_job_status AS s (job_name, last_execution_id, last_status, last_start_at,
                    last_end_at, last_success_at, last_fail_at, last_events_loaded)
                VALUES (:job, :execution, :status, now(), now(),
                    CASE WHEN :success THEN now() END, CASE WHEN NOT :success THEN now() END, :events)
                ON CONFLICT (job_name) DO UPDATE SET last_execution_id = excluded.last_execution_id,
                    last_status = excluded.last_status, last_end_at = excluded.last_end_at,
                    last_success_at = coalesce(excluded.last_success_at, s.last_success_at),
                    last_fail_at = coalesce(excluded.last_fail_at, s.last_fail_at),
                    last_events_loaded = coalesce(excluded.last_events_loaded, s.last_events_loaded)"""
                .formatted(tenant.schema()))
                .param("job", job)
                .param("execution", executionId)
                .param("status", success ? "COMPLETED" : "FAILED")
                .param("success", success)
                .param("events", eventsLoaded)
                .update();
    }

    /** The tenant's monitoring state in one round trip: watermarks, quarantine size and the jobs' last runs. */
    TenantStatus read(DataMartTenant tenant) {
        List<Object[]> rows = jdbc.sql("""
                SELECT 'watermark', feed, last_event_id, last_event_at, NULL::timestamptz, NULL::timestamptz
                FROM %1$s.etl_watermark
                UNION ALL
                SELECT 'quarantine', NULL, count(*), NULL, NULL, NULL FROM %1$s.etl_quarantine
                UNION ALL
                SELECT 'job', job_name, last_events_loaded, last_start_at, last_success_at, last_fail_at
                FROM %1$s.etl_job_status""".formatted(tenant.schema()))
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getObject(3, Long.class),
                    rs.getTimestamp(4), rs.getTimestamp(5), rs.getTimestamp(6)})
                .list();
        return TenantStatus.of(tenant.id(), rows);
    }
}
