package org.openiwd.etl.tenant;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Enters a tenant's Data Mart for the rest of the current transaction: its schema first on the search path, and
 * no JIT compilation. The jobs' statements work on a page, a batch or a day and run in milliseconds to seconds,
 * while the Data Mart's tables grow faster than autovacuum analyses them, so the planner's estimates can cross
 * the JIT thresholds: measured in {@code ./iwd bench etl}, JIT compiled for about a second per statement (decision 25).
 *
 * <p>Transaction: both settings are transaction-local ({@code set_config(..., true)}), so a pooled connection
 * goes back unchanged; outside a transaction they would last only for the one statement.
 */
public final class TenantSchema {

    private TenantSchema() {
    }

    public static void enter(JdbcClient jdbc, DataMartTenant tenant) {
        jdbc.sql("SELECT set_config('search_path', ?, true), set_config('jit', 'off', true)").param(tenant.schema())
                .query((rs, n) -> rs.getString(1)).single();
    }
}
