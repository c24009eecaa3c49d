package org.openiwd.etl.job.nightly;

import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantSchema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Measures every table of the tenant's schema into {@code database_stats}, keyed by the run's audit key: the
 * planner's row estimate and the total size on disk (table, indexes, TOAST). The fact tables the move and the
 * purge just changed are analysed first, so their estimates (and tomorrow's query plans) are fresh. Idempotent
 * for a run: a restart measures again.
 *
 * <p>Transaction: the caller's.
 */
@Component
class DatabaseStatistics {

    private static final String ANALYZE = """
            ANALYZE i_task_fact, h_task_fact, i_task_event_fact, h_task_event_fact, i_task_work_fact,
                h_task_work_fact""";

    private static final String MEASURE = """
            INSERT INTO database_stats (etl_audit_key, table_name, measured_at, rows_estimate, total_bytes)
            SELECT :audit, c.relname, now(), CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END,
                pg_total_relation_size(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = :schema AND c.relkind = 'r'
            ON CONFLICT (etl_audit_key, table_name) DO UPDATE SET measured_at = excluded.measured_at,
                rows_estimate = excluded.rows_estimate, total_bytes = excluded.total_bytes""";

    private final JdbcClient jdbc;

    DatabaseStatistics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns the number of tables measured. */
    int measure(DataMartTenant tenant, long auditKey) {
        TenantSchema.enter(jdbc, tenant);
        jdbc.sql(ANALYZE).update();
        return jdbc.sql(MEASURE).param("audit", auditKey).param("schema", tenant.schema()).update();
    }
}
