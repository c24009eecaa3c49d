package org.openiwd.etl.exactlyonce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The business content of a tenant's Data Mart, for comparing a run with a clean run: every fact and aggregate
 * row with its dimensions by natural id (surrogate keys depend on insertion order and on identities a rolled-back
 * transaction consumed) and without audit keys or load times.
 */
public final class DataMartSnapshot {

    private DataMartSnapshot() {
    }

    public static Map<String, List<String>> of(JdbcClient jdbc, String schema) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        tables.put("task_event_fact", rows(jdbc, """
                SELECT concat_ws('|', f.event_id, f.task_id, f.capture_id, f.task_version, t.name, s.name,
                    f.occurred_at, f.date_time_key, so.solution_id, d.department_id, d.version, p.process_id,
                    p.version, c.category_id, cp.capture_point_id, q.queue_id, pq.queue_id, a.agent_id, pa.agent_id,
                    m.name, r.name, f.priority, f.business_value, f.due_at, f.activation_at, f.source_created_at,
                    f.reason, f.work_time_sec, f.held_time_sec)
                FROM %1$s.task_event_fact f
                JOIN %1$s.task_event_type t USING (task_event_type_key)
                JOIN %1$s.status s USING (status_key)
                JOIN %1$s.solution so USING (solution_key)
                JOIN %1$s.department d USING (department_key)
                JOIN %1$s.process p USING (process_key)
                JOIN %1$s.category c USING (category_key)
                JOIN %1$s.capture_point cp USING (capture_point_key)
                JOIN %1$s.queue q USING (queue_key)
                JOIN %1$s.queue pq ON pq.queue_key = f.previous_queue_key
                JOIN %1$s.agent a USING (agent_key)
                JOIN %1$s.agent pa ON pa.agent_key = f.previous_agent_key
                JOIN %1$s.media_type m USING (media_type_key)
                JOIN %1$s.result_code r USING (result_code_key)
                ORDER BY f.event_id""", schema));
        tables.put("task_fact", rows(jdbc, """
                SELECT concat_ws('|', f.task_id, f.capture_id, s.name, so.solution_id, d.department_id,
                    p.process_id, c.category_id, cp.capture_point_id, q.queue_id, a.agent_id, m.name, r.name,
                    f.priority, f.business_value, f.due_at, f.created_at, f.activated_at, f.first_assigned_at,
                    f.finished_at, f.total_work_sec, f.total_held_sec, f.last_event_id, f.last_event_at)
                FROM %1$s.task_fact f
                JOIN %1$s.status s USING (status_key)
                JOIN %1$s.solution so USING (solution_key)
                JOIN %1$s.department d USING (department_key)
                JOIN %1$s.process p USING (process_key)
                JOIN %1$s.category c USING (category_key)
                JOIN %1$s.capture_point cp USING (capture_point_key)
                JOIN %1$s.queue q USING (queue_key)
                JOIN %1$s.agent a ON a.agent_key = f.last_agent_key
                JOIN %1$s.media_type m USING (media_type_key)
                JOIN %1$s.result_code r USING (result_code_key)
                ORDER BY f.task_id""", schema));
        tables.put("task_work_fact", rows(jdbc, """
                SELECT concat_ws('|', f.task_id, f.start_event_id, a.agent_id, q.queue_id, so.solution_id,
                    d.department_id, d.version, p.process_id, p.version, c.category_id, f.date_time_key,
                    f.assigned_at, f.end_event_id, t.name, f.finished_at, f.work_time_sec, f.held_time_sec,
                    f.abandoned)
                FROM %1$s.task_work_fact f
                LEFT JOIN %1$s.task_event_type t ON t.task_event_type_key = f.end_task_event_type_key
                JOIN %1$s.agent a USING (agent_key)
                JOIN %1$s.queue q USING (queue_key)
                JOIN %1$s.solution so USING (solution_key)
                JOIN %1$s.department d USING (department_key)
                JOIN %1$s.process p USING (process_key)
                JOIN %1$s.category c USING (category_key)
                ORDER BY f.task_id, f.start_event_id""", schema));
        // Which rows nightly moved: a task's rows are all in h_ or all in i_.
        tables.put("historical", rows(jdbc, """
                SELECT 'task ' || task_id FROM %1$s.h_task_fact
                UNION ALL SELECT 'event ' || event_id FROM %1$s.h_task_event_fact
                UNION ALL SELECT 'work ' || task_id || '/' || start_event_id FROM %1$s.h_task_work_fact
                ORDER BY 1""", schema));
        tables.put("task_classif_15min", rows(jdbc, """
                SELECT concat_ws('|', interval_start, local_date, local_time, solution_id, department_id,
                    process_id, category_id, created, queued, assigned, completed, canceled, rejected,
                    completed_in_due, completed_overdue, sum_time_to_complete_sec)
                FROM %1$s.iwd_agg_task_classif_fact_15min
                ORDER BY 1""", schema));
        tables.put("task_queue_15min", rows(jdbc, """
                SELECT concat_ws('|', interval_start, queue_id, entered, exited)
                FROM %1$s.iwd_agg_task_queue_fact_15min ORDER BY 1""", schema));
        tables.put("task_agent_15min", rows(jdbc, """
                SELECT concat_ws('|', interval_start, agent_id, assigned, completed, work_time_sec, held_time_sec)
                FROM %1$s.iwd_agg_task_agent_fact_15min ORDER BY 1""", schema));
        tables.put("task_capt_15min", rows(jdbc, """
                SELECT concat_ws('|', interval_start, capture_point_id, created, completed, canceled, rejected,
                    sum_business_value_created, sum_business_value_completed)
                FROM %1$s.iwd_agg_task_capt_fact_15min ORDER BY 1""", schema));
        tables.put("task_age_15min", rows(jdbc, """
                SELECT concat_ws('|', interval_start, age_name, queue_id, process_id, open_tasks, sum_age_sec)
                FROM %1$s.iwd_agg_task_age_fact_15min ORDER BY 1""", schema));
        tables.put("task_classif_day", rows(jdbc, """
                SELECT concat_ws('|', f.event_date_key, s.solution_id, d.department_id, p.process_id,
                    c.category_id, f.created, f.queued, f.assigned, f.completed, f.canceled, f.rejected,
                    f.completed_in_due, f.completed_overdue, f.sum_time_to_complete_sec)
                FROM %1$s.h_task_classif_fact_day f
                JOIN %1$s.solution s USING (solution_key)
                JOIN %1$s.department d USING (department_key)
                JOIN %1$s.process p USING (process_key)
                JOIN %1$s.category c USING (category_key)
                ORDER BY 1""", schema));
        tables.put("task_queue_day", rows(jdbc, """
                SELECT concat_ws('|', f.event_date_key, q.queue_id, f.entered, f.exited)
                FROM %1$s.h_task_queue_fact_day f JOIN %1$s.queue q USING (queue_key) ORDER BY 1""", schema));
        tables.put("task_agent_day", rows(jdbc, """
                SELECT concat_ws('|', f.event_date_key, a.agent_id, f.assigned, f.completed, f.work_time_sec,
                    f.held_time_sec)
                FROM %1$s.h_task_agent_fact_day f JOIN %1$s.agent a USING (agent_key) ORDER BY 1""", schema));
        tables.put("task_capt_day", rows(jdbc, """
                SELECT concat_ws('|', f.event_date_key, cp.capture_point_id, f.created, f.completed, f.canceled,
                    f.rejected, f.sum_business_value_created, f.sum_business_value_completed)
                FROM %1$s.h_task_capt_fact_day f JOIN %1$s.capture_point cp USING (capture_point_key)
                ORDER BY 1""", schema));
        tables.put("task_age_day", rows(jdbc, """
                SELECT concat_ws('|', f.event_date_key, ag.name, q.queue_id, p.process_id, f.open_tasks,
                    f.sum_age_sec)
                FROM %1$s.h_task_age_fact_day f
                JOIN %1$s.age ag USING (age_key)
                JOIN %1$s.queue q USING (queue_key)
                JOIN %1$s.process p USING (process_key)
                ORDER BY 1""", schema));
        tables.put("date_time", rows(jdbc, """
                SELECT concat_ws('|', date_time_key, interval_start, local_date, local_time, utc_offset_min)
                FROM %1$s.date_time ORDER BY date_time_key""", schema));
        tables.put("watermark", rows(jdbc, """
                SELECT concat_ws('|', feed, last_event_id) FROM %1$s.etl_watermark ORDER BY feed""", schema));
        tables.put("touched", rows(jdbc, """
                SELECT date_time_key::text FROM %1$s.etl_touched_interval ORDER BY 1""", schema));
        tables.put("touched_days", rows(jdbc, """
                SELECT event_date_key::text FROM %1$s.etl_touched_day ORDER BY 1""", schema));
        tables.put("age_backlog", rows(jdbc, """
                SELECT concat_ws('|', q.queue_id, p.process_id, p.version, b.start_interval, b.tasks, b.sum_start_sec)
                FROM %1$s.age_backlog b
                JOIN %1$s.queue q USING (queue_key)
                JOIN %1$s.process p USING (process_key)
                ORDER BY 1""", schema));
        tables.put("age_snapshot_through", rows(jdbc, """
                SELECT through_date_time_key::text FROM %1$s.etl_age_snapshot""", schema));
        return tables;
    }

    private static List<String> rows(JdbcClient jdbc, String sql, String schema) {
        return jdbc.sql(sql.formatted(schema)).query(String.class).list();
    }
}
