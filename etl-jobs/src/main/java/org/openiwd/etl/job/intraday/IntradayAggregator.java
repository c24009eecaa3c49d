package org.openiwd.etl.job.intraday;

import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Recomputes the 15-minute aggregates of the intervals the loads recorded as touched, set-based, from the
 * blended event facts: only those intervals, however long the history. Rows whose numbers do not change keep
 * their audit keys; rows of a touched interval that no longer has events are removed.
 *
 * <p>Transaction: runs in the caller's; it takes the touched intervals out of {@code etl_touched_interval} in the
 * same transaction that writes their aggregates, so a crash leaves them touched, to be aggregated on restart.
 */
@Component
class IntradayAggregator {

    private static final String TAKE_TOUCHED = """
            CREATE TEMP TABLE agg_interval (date_time_key integer PRIMARY KEY) ON COMMIT DROP;
            WITH taken AS (DELETE FROM etl_touched_interval RETURNING date_time_key)
            INSERT INTO agg_interval SELECT date_time_key FROM taken""";

    private static final String CLASSIF_FRESH = """
            CREATE TEMP TABLE fresh_classif ON COMMIT DROP AS
            SELECT e.date_time_key, e.solution_key, e.department_key, e.process_key, e.category_key,
                count(*) FILTER (WHERE t.name = 'Created') AS created,
                count(*) FILTER (WHERE t.name = 'Queued') AS queued,
                count(*) FILTER (WHERE t.name = 'Assigned') AS assigned,
                count(*) FILTER (WHERE t.name = 'Completed') AS completed,
                count(*) FILTER (WHERE t.name = 'Canceled') AS canceled,
                count(*) FILTER (WHERE t.name = 'Rejected') AS rejected,
                count(*) FILTER (WHERE t.name = 'Completed' AND e.occurred_at <= e.due_at) AS completed_in_due,
                count(*) FILTER (WHERE t.name = 'Completed' AND e.occurred_at > e.due_at) AS completed_overdue,
                -- The task's creation time only for completed events (FILTER comes before the argument): a join
                -- would look up every event's task, at a cost that grows with the tasks in the Data Mart.
                coalesce(sum(extract(epoch FROM e.occurred_at
                        - (SELECT tf.created_at FROM task_fact tf WHERE tf.task_id = e.task_id)))
                    FILTER (WHERE t.name = 'Completed'), 0)::bigint AS sum_time_to_complete_sec
            FROM task_event_fact e
            JOIN agg_interval k ON k.date_time_key = e.date_time_key
            JOIN task_event_type t ON t.task_event_type_key = e.task_event_type_key
            WHERE t.name IN ('Created', 'Queued', 'Assigned', 'Completed', 'Canceled', 'Rejected')
            GROUP BY e.date_time_key, e.solution_key, e.department_key, e.process_key, e.category_key""";

    private static final String CLASSIF_UPSERT = """
            INSERT INTO h_task_classif_fact_15min AS f (date_time_key, solution_key, department_key, process_key,
                category_key, created, queued, assigned, completed, canceled, rejected, completed_in_due,
                completed_overdue, sum_time_to_complete_sec, created_etl_audit_key, updated_etl_audit_key)
            SELECT *, :audit, :audit FROM fresh_classif
            ON CONFLICT (date_time_key, solution_key, department_key, process_key, category_key) DO UPDATE SET
                created = excluded.created, queued = excluded.queued, assigned = excluded.assigned,
                completed = excluded.completed, canceled = excluded.canceled, rejected = excluded.rejected,
                completed_in_due = excluded.completed_in_due, completed_overdue = excluded.completed_overdue,
                sum_time_to_complete_sec = excluded.sum_time_to_complete_sec,
                updated_etl_audit_key = excluded.updated_etl_audit_key
            WHERE (f.created, f.queued, f.assigned, f.completed, f.canceled, f.rejected, f.completed_in_due,
                   f.completed_overdue, f.sum_time_to_complete_sec)
                IS DISTINCT FROM (excluded.created, excluded.queued, excluded.assigned, excluded.completed,
                   excluded.canceled, excluded.rejected, excluded.completed_in_due, excluded.completed_overdue,
                   excluded.sum_time_to_complete_sec)""";

    private static final String CLASSIF_STALE = """
            DELETE FROM h_task_classif_fact_15min f
            USING agg_interval k
            WHERE f.date_time_key = k.date_time_key
              AND NOT EXISTS (SELECT 1 FROM fresh_classif n
                              WHERE (n.date_time_key, n.solution_key, n.department_key, n.process_key,
                                     n.category_key)
                                  = (f.date_time_key, f.solution_key, f.department_key, f.process_key,
                                     f.category_key))""";

    private final JdbcClient jdbc;

    IntradayAggregator(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns the number of intervals aggregated. */
    int aggregate(DataMartTenant tenant, long auditKey) {
        jdbc.sql("SELECT set_config('search_path', ?, true)").param(tenant.schema()).query(String.class).single();
        jdbc.sql(TAKE_TOUCHED).update();
        int intervals = jdbc.sql("SELECT count(*) FROM agg_interval").query(Integer.class).single();
        if (intervals > 0) {
            jdbc.sql(CLASSIF_FRESH).update();
            jdbc.sql(CLASSIF_UPSERT).param("audit", auditKey).update();
            jdbc.sql(CLASSIF_STALE).update();
        }
        return intervals;
    }
}
