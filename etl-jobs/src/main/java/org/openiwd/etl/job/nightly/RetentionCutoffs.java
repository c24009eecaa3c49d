package org.openiwd.etl.job.nightly;

import java.time.LocalDate;

import org.openiwd.etl.EtlProperties;
import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The first local day each kind of row is kept for, for a tenant: today (in the tenant's zone) minus the tenant's
 * retention from {@code etl.tenant} ({@code retention_facts}, {@code retention_fifteen_minute},
 * {@code retention_daily}), or minus {@code iwd.etl.nightly.retention.*} where the tenant has none. The Data Mart's
 * own records (audit, run statistics, table sizes, quarantine) follow {@code iwd.etl.nightly.retention.bookkeeping}
 * for every tenant.
 */
@Component
class RetentionCutoffs {

    /** Rows of days before these are purged. */
    record Cutoffs(LocalDate facts, LocalDate fifteenMinute, LocalDate daily, LocalDate bookkeeping) {
    }

    private final JdbcClient jdbc;
    private final EtlProperties.Retention defaults;

    RetentionCutoffs(JdbcClient jdbc, EtlProperties properties) {
        this.jdbc = jdbc;
        this.defaults = properties.nightly().retention();
    }

    Cutoffs of(DataMartTenant tenant) {
        LocalDate today = LocalDate.now(tenant.timeZone());
        LocalDate bookkeeping = today.minus(defaults.bookkeeping());
        return jdbc.sql("""
                SELECT (CAST(:today AS date) - coalesce(retention_facts, CAST(:facts AS interval)))::date,
                    (CAST(:today AS date) - coalesce(retention_fifteen_minute, CAST(:fifteen AS interval)))::date,
                    (CAST(:today AS date) - coalesce(retention_daily, CAST(:daily AS interval)))::date
                FROM etl.tenant WHERE tenant_id = :tenant""")
                .param("today", today)
                .param("facts", defaults.facts().toString())
                .param("fifteen", defaults.fifteenMinute().toString())
                .param("daily", defaults.daily().toString())
                .param("tenant", tenant.id())
                .query((rs, n) -> new Cutoffs(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class),
                        rs.getObject(3, LocalDate.class), bookkeeping))
                .single();
    }
}
