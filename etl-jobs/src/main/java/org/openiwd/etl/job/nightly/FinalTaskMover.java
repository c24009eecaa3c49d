package org.openiwd.etl.job.nightly;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;

import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantSchema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Moves final tasks from the intraday facts to the historical ones: each task's {@code i_task_fact},
 * {@code i_task_event_fact} and {@code i_task_work_fact} rows, unchanged (audit keys included), so every blended
 * view reads the same before and after. A task moves once its finishing local day (in the tenant's zone) is before
 * today and fully aggregated: no {@code etl_touched_day} row for that day and no {@code etl_touched_interval} row
 * in it.
 *
 * <p>Transaction: one batch per call, in the caller's transaction: the batch's rows are copied and deleted
 * together, so a crash leaves each task wholly in {@code i_} or wholly in {@code h_}, and a restart moves what is
 * left, giving the rows of a clean run. A task already in {@code h_} is never in {@code i_} again (the load sets
 * its events aside), so a duplicate key here is an inconsistency and fails the batch rather than hiding it.
 */
@Component
class FinalTaskMover {

    private static final List<String> FACTS = List.of("task_event_fact", "task_work_fact", "task_fact");

    private static final String PICK = """
            INSERT INTO move_task
            SELECT f.task_id
            FROM i_task_fact f
            JOIN status s ON s.status_key = f.status_key
            JOIN date_time dt ON dt.date_time_key = floor(extract(epoch FROM f.finished_at) / 900)::integer
            WHERE s.is_final AND f.finished_at < :todayStart
              AND dt.event_date_key NOT IN (
                  SELECT event_date_key FROM etl_touched_day
                  UNION
                  SELECT d.event_date_key FROM etl_touched_interval i JOIN date_time d USING (date_time_key))
            ORDER BY f.task_id
            LIMIT :batch""";

    private static final String COPY = """
            INSERT INTO h_%1$s (%2$s)
            SELECT %2$s FROM i_%1$s WHERE task_id IN (SELECT task_id FROM move_task)""";

    private static final String DELETE = "DELETE FROM i_%s WHERE task_id IN (SELECT task_id FROM move_task)";

    private final JdbcClient jdbc;

    FinalTaskMover(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves up to {@code batchSize} tasks; returns how many moved (fewer than asked: none are left). */
    int moveBatch(DataMartTenant tenant, int batchSize) {
        TenantSchema.enter(jdbc, tenant);
        jdbc.sql("CREATE TEMP TABLE move_task (task_id bigint PRIMARY KEY) ON COMMIT DROP").update();
        LocalDate today = LocalDate.now(tenant.timeZone());
        int tasks = jdbc.sql(PICK)
                .param("todayStart", Timestamp.from(today.atStartOfDay(tenant.timeZone()).toInstant()))
                .param("batch", batchSize)
                .update();
        if (tasks > 0) {
            for (String fact : FACTS) {
                String columns = FactColumns.of(jdbc, tenant.schema(), fact);
                jdbc.sql(COPY.formatted(fact, columns)).update();
                jdbc.sql(DELETE.formatted(fact)).update();
            }
        }
        return tasks;
    }
}
