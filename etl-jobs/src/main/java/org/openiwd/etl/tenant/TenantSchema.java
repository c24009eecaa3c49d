package org.openiwd.etl.tenant;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Enters a tenant's Data Mart for the rest of the current transaction: its schema first on the search path, no JIT
 * compilation, and a commit that does not wait for its WAL to reach the disk.
 *
 * <p>JIT: the jobs' statements work on a page, a batch or a day and run in milliseconds to seconds, while the Data
 * Mart's tables grow faster than autovacuum analyses them, so the planner's estimates can cross the JIT thresholds:
 * measured in {@code ./iwd bench etl}, JIT compiled for about a second per statement (decision 25).
 *
 * <p>{@code synchronous_commit = off}: every job writes its derived rows together with the marks of its progress
 * (watermark, touched intervals, its step execution) in one transaction, so a commit that a crash of PostgreSQL
 * loses (at most the last few hundred milliseconds of commits) is a run that did not happen, and the next run does
 * it again; and any later synchronous commit (the job repository's own, a lease renewal) makes every commit before
 * it durable, so a run never reads as finished while its rows are lost (decision 30).
 *
 * <p>Transaction: the settings are transaction-local ({@code set_config(..., true)}), so a pooled connection
 * goes back unchanged; outside a transaction they would last only for the one statement.
 */
public final class TenantSchema {

    private TenantSchema() {
    }

    public static void enter(JdbcClient jdbc, DataMartTenant tenant) {
        jdbc.sql("SELECT set_config('search_path', ?, true), set_config('jit', 'off', true), "
                + "set_config('synchronous_commit', 'off', true)").param(tenant.schema())
                .query((rs, n) -> rs.getString(1)).single();
    }
}
