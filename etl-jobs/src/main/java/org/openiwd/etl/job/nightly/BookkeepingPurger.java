package org.openiwd.etl.job.nightly;

import java.time.OffsetDateTime;

import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes the Data Mart's own records of days before the tenant's bookkeeping cutoff ({@link RetentionCutoffs}):
 * run statistics ({@code etl_stats_general}, by start), table sizes ({@code database_stats}, by measurement),
 * quarantined events ({@code etl_quarantine}, by quarantine time) and audit rows ({@code etl_audit}, by start),
 * except an audit row a watermark still names. Without it, an intraday chain every 15 minutes adds some 35,000
 * audit and statistics rows a year to every tenant.
 *
 * <p>Transaction: the caller's. Idempotent.
 */
@Component
class BookkeepingPurger {

    private final JdbcClient jdbc;
    private final RetentionCutoffs cutoffs;

    BookkeepingPurger(JdbcClient jdbc, RetentionCutoffs cutoffs) {
        this.jdbc = jdbc;
        this.cutoffs = cutoffs;
    }

    /** Returns the number of rows deleted. */
    int purge(DataMartTenant tenant) {
        OffsetDateTime before = cutoffs.of(tenant).bookkeeping().atStartOfDay(tenant.timeZone()).toOffsetDateTime();
        String schema = tenant.schema();
        return delete("DELETE FROM %s.etl_stats_general WHERE started_at < ?".formatted(schema), before)
                + delete("DELETE FROM %s.database_stats WHERE measured_at < ?".formatted(schema), before)
                + delete("DELETE FROM %s.etl_quarantine WHERE quarantined_at < ?".formatted(schema), before)
                + delete("""
                        DELETE FROM %1$s.etl_audit a WHERE a.started_at < ?
                            AND NOT EXISTS (SELECT 1 FROM %1$s.etl_watermark w
                                            WHERE w.updated_etl_audit_key = a.etl_audit_key)""".formatted(schema),
                        before);
    }

    private int delete(String sql, OffsetDateTime before) {
        return jdbc.sql(sql).param(before).update();
    }
}
