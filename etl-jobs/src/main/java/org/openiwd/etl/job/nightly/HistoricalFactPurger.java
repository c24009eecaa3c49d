package org.openiwd.etl.job.nightly;

import java.sql.Timestamp;

import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantSchema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes the historical facts of tasks that finished before the tenant's facts cutoff (a local day, see
 * {@link RetentionCutoffs}): their {@code h_task_fact}, {@code h_task_event_fact} and {@code h_task_work_fact}
 * rows together. Only moved tasks are purged; the {@code i_} tables are never touched.
 *
 * <p>Transaction: one batch of tasks per call, in the caller's; a restart purges what is left.
 */
@Component
class HistoricalFactPurger {

    private final JdbcClient jdbc;
    private final RetentionCutoffs cutoffs;

    HistoricalFactPurger(JdbcClient jdbc, RetentionCutoffs cutoffs) {
        this.jdbc = jdbc;
        this.cutoffs = cutoffs;
    }

    /** Purges up to {@code batchSize} tasks; returns how many (fewer than asked: none are left). */
    int purgeBatch(DataMartTenant tenant, int batchSize) {
        Timestamp cutoff = Timestamp.from(cutoffs.of(tenant).facts().atStartOfDay(tenant.timeZone()).toInstant());
        TenantSchema.enter(jdbc, tenant);
        jdbc.sql("CREATE TEMP TABLE purge_task (task_id bigint PRIMARY KEY) ON COMMIT DROP").update();
        int tasks = jdbc.sql("""
                INSERT INTO purge_task
                SELECT task_id FROM h_task_fact WHERE finished_at < :cutoff ORDER BY task_id LIMIT :batch""")
                .param("cutoff", cutoff).param("batch", batchSize).update();
        if (tasks > 0) {
            for (String table : new String[] {"h_task_event_fact", "h_task_work_fact", "h_task_fact"}) {
                jdbc.sql("DELETE FROM %s WHERE task_id IN (SELECT task_id FROM purge_task)".formatted(table))
                        .update();
            }
        }
        return tasks;
    }
}
