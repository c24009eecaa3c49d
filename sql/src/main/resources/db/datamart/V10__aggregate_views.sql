-- Report views of the five subject areas. 15-minute views read the 15-minute tables; 30-minute and hour views
-- group them by the local bucket start (local date, local time and UTC offset, so the two 01:xx hours of a
-- fall-back night stay apart); day and longer views read the blended day views task_<area>_fact_day (the day
-- table for closed days, the 15-minute rows of open ones, so today is in them). task_age is a snapshot: a longer
-- period shows the snapshot at its end (or at the newest snapshot, for a period still running), never a sum.
-- Every view has interval_start (timestamptz) and local_date; see docs/aggregates.md.

-- Local days whose day rows are not (or no longer) final: waiting in etl_touched_day (today among them), or with an
-- interval still waiting for its 15-minute aggregation.
CREATE VIEW etl_open_day AS
SELECT event_date_key FROM etl_touched_day
UNION
SELECT dt.event_date_key FROM etl_touched_interval t JOIN date_time dt ON dt.date_time_key = t.date_time_key;

-- task_classif

CREATE VIEW iwd_agg_task_classif_fact_30min AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       s.solution_id, s.name AS solution_name, d.department_id, d.name AS department_name,
       p.process_id, p.name AS process_name, c.category_id, c.name AS category_name,
       sum(f.created)::bigint AS created, sum(f.queued)::bigint AS queued,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.completed_in_due)::bigint AS completed_in_due,
       sum(f.completed_overdue)::bigint AS completed_overdue,
       sum(f.sum_time_to_complete_sec)::bigint AS sum_time_to_complete_sec,
       f.solution_key, f.department_key, f.process_key, f.category_key
FROM h_task_classif_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 30) AS back) b
JOIN solution s ON s.solution_key = f.solution_key
JOIN department d ON d.department_key = f.department_key
JOIN process p ON p.process_key = f.process_key
JOIN category c ON c.category_key = f.category_key
GROUP BY dt.interval_start - b.back, dt.local_date, dt.local_time - b.back, dt.utc_offset_min,
         s.solution_id, s.name, d.department_id, d.name, p.process_id, p.name, c.category_id, c.name,
         f.solution_key, f.department_key, f.process_key, f.category_key;

CREATE VIEW iwd_agg_task_classif_fact_hour AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       s.solution_id, s.name AS solution_name, d.department_id, d.name AS department_name,
       p.process_id, p.name AS process_name, c.category_id, c.name AS category_name,
       sum(f.created)::bigint AS created, sum(f.queued)::bigint AS queued,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.completed_in_due)::bigint AS completed_in_due,
       sum(f.completed_overdue)::bigint AS completed_overdue,
       sum(f.sum_time_to_complete_sec)::bigint AS sum_time_to_complete_sec,
       f.solution_key, f.department_key, f.process_key, f.category_key
FROM h_task_classif_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 60) AS back) b
JOIN solution s ON s.solution_key = f.solution_key
JOIN department d ON d.department_key = f.department_key
JOIN process p ON p.process_key = f.process_key
JOIN category c ON c.category_key = f.category_key
GROUP BY dt.interval_start - b.back, dt.local_date, dt.local_time - b.back, dt.utc_offset_min,
         s.solution_id, s.name, d.department_id, d.name, p.process_id, p.name, c.category_id, c.name,
         f.solution_key, f.department_key, f.process_key, f.category_key;

-- The day rows of closed days and, for open days, the day computed from the 15-minute rows.
CREATE VIEW task_classif_fact_day AS
SELECT f.event_date_key, f.solution_key, f.department_key, f.process_key, f.category_key,
       f.created::bigint AS created, f.queued::bigint AS queued, f.assigned::bigint AS assigned,
       f.completed::bigint AS completed, f.canceled::bigint AS canceled,
       f.rejected::bigint AS rejected, f.completed_in_due::bigint AS completed_in_due,
       f.completed_overdue::bigint AS completed_overdue,
       f.sum_time_to_complete_sec::bigint AS sum_time_to_complete_sec
FROM h_task_classif_fact_day f
WHERE f.event_date_key NOT IN (SELECT event_date_key FROM etl_open_day)
UNION ALL
SELECT dt.event_date_key, f.solution_key, f.department_key, f.process_key, f.category_key,
       sum(f.created)::bigint, sum(f.queued)::bigint, sum(f.assigned)::bigint,
       sum(f.completed)::bigint, sum(f.canceled)::bigint, sum(f.rejected)::bigint,
       sum(f.completed_in_due)::bigint, sum(f.completed_overdue)::bigint,
       sum(f.sum_time_to_complete_sec)::bigint
FROM etl_open_day o
JOIN date_time dt ON dt.event_date_key = o.event_date_key
JOIN h_task_classif_fact_15min f ON f.date_time_key = dt.date_time_key
GROUP BY dt.event_date_key, f.solution_key, f.department_key, f.process_key, f.category_key;

CREATE VIEW iwd_agg_task_classif_fact_day AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       s.solution_id, s.name AS solution_name, d.department_id, d.name AS department_name,
       p.process_id, p.name AS process_name, c.category_id, c.name AS category_name,
       sum(f.created)::bigint AS created, sum(f.queued)::bigint AS queued,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.completed_in_due)::bigint AS completed_in_due,
       sum(f.completed_overdue)::bigint AS completed_overdue,
       sum(f.sum_time_to_complete_sec)::bigint AS sum_time_to_complete_sec,
       f.solution_key, f.department_key, f.process_key, f.category_key
FROM task_classif_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date AS start_date) per
JOIN solution s ON s.solution_key = f.solution_key
JOIN department d ON d.department_key = f.department_key
JOIN process p ON p.process_key = f.process_key
JOIN category c ON c.category_key = f.category_key
GROUP BY per.start_date, t.time_zone,
         s.solution_id, s.name, d.department_id, d.name, p.process_id, p.name, c.category_id, c.name,
         f.solution_key, f.department_key, f.process_key, f.category_key;

CREATE VIEW iwd_agg_task_classif_fact_week AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       s.solution_id, s.name AS solution_name, d.department_id, d.name AS department_name,
       p.process_id, p.name AS process_name, c.category_id, c.name AS category_name,
       sum(f.created)::bigint AS created, sum(f.queued)::bigint AS queued,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.completed_in_due)::bigint AS completed_in_due,
       sum(f.completed_overdue)::bigint AS completed_overdue,
       sum(f.sum_time_to_complete_sec)::bigint AS sum_time_to_complete_sec,
       f.solution_key, f.department_key, f.process_key, f.category_key
FROM task_classif_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date - (ed.iso_day_of_week - t.week_start + 7) % 7 AS start_date) per
JOIN solution s ON s.solution_key = f.solution_key
JOIN department d ON d.department_key = f.department_key
JOIN process p ON p.process_key = f.process_key
JOIN category c ON c.category_key = f.category_key
GROUP BY per.start_date, t.time_zone,
         s.solution_id, s.name, d.department_id, d.name, p.process_id, p.name, c.category_id, c.name,
         f.solution_key, f.department_key, f.process_key, f.category_key;

CREATE VIEW iwd_agg_task_classif_fact_month AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       s.solution_id, s.name AS solution_name, d.department_id, d.name AS department_name,
       p.process_id, p.name AS process_name, c.category_id, c.name AS category_name,
       sum(f.created)::bigint AS created, sum(f.queued)::bigint AS queued,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.completed_in_due)::bigint AS completed_in_due,
       sum(f.completed_overdue)::bigint AS completed_overdue,
       sum(f.sum_time_to_complete_sec)::bigint AS sum_time_to_complete_sec,
       f.solution_key, f.department_key, f.process_key, f.category_key
FROM task_classif_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('month', ed.calendar_date)::date AS start_date) per
JOIN solution s ON s.solution_key = f.solution_key
JOIN department d ON d.department_key = f.department_key
JOIN process p ON p.process_key = f.process_key
JOIN category c ON c.category_key = f.category_key
GROUP BY per.start_date, t.time_zone,
         s.solution_id, s.name, d.department_id, d.name, p.process_id, p.name, c.category_id, c.name,
         f.solution_key, f.department_key, f.process_key, f.category_key;

CREATE VIEW iwd_agg_task_classif_fact_qrtr AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       s.solution_id, s.name AS solution_name, d.department_id, d.name AS department_name,
       p.process_id, p.name AS process_name, c.category_id, c.name AS category_name,
       sum(f.created)::bigint AS created, sum(f.queued)::bigint AS queued,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.completed_in_due)::bigint AS completed_in_due,
       sum(f.completed_overdue)::bigint AS completed_overdue,
       sum(f.sum_time_to_complete_sec)::bigint AS sum_time_to_complete_sec,
       f.solution_key, f.department_key, f.process_key, f.category_key
FROM task_classif_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('quarter', ed.calendar_date)::date AS start_date) per
JOIN solution s ON s.solution_key = f.solution_key
JOIN department d ON d.department_key = f.department_key
JOIN process p ON p.process_key = f.process_key
JOIN category c ON c.category_key = f.category_key
GROUP BY per.start_date, t.time_zone,
         s.solution_id, s.name, d.department_id, d.name, p.process_id, p.name, c.category_id, c.name,
         f.solution_key, f.department_key, f.process_key, f.category_key;

CREATE VIEW iwd_agg_task_classif_fact_year AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       s.solution_id, s.name AS solution_name, d.department_id, d.name AS department_name,
       p.process_id, p.name AS process_name, c.category_id, c.name AS category_name,
       sum(f.created)::bigint AS created, sum(f.queued)::bigint AS queued,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.completed_in_due)::bigint AS completed_in_due,
       sum(f.completed_overdue)::bigint AS completed_overdue,
       sum(f.sum_time_to_complete_sec)::bigint AS sum_time_to_complete_sec,
       f.solution_key, f.department_key, f.process_key, f.category_key
FROM task_classif_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('year', ed.calendar_date)::date AS start_date) per
JOIN solution s ON s.solution_key = f.solution_key
JOIN department d ON d.department_key = f.department_key
JOIN process p ON p.process_key = f.process_key
JOIN category c ON c.category_key = f.category_key
GROUP BY per.start_date, t.time_zone,
         s.solution_id, s.name, d.department_id, d.name, p.process_id, p.name, c.category_id, c.name,
         f.solution_key, f.department_key, f.process_key, f.category_key;

-- task_queue
CREATE VIEW iwd_agg_task_queue_fact_15min AS
SELECT dt.interval_start,
       dt.local_date,
       dt.local_time,
       dt.utc_offset_min,
       q.queue_id, q.name AS queue_name,
       f.entered, f.exited,
       f.date_time_key, f.queue_key
FROM h_task_queue_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
JOIN queue q ON q.queue_key = f.queue_key;

CREATE VIEW iwd_agg_task_queue_fact_30min AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       q.queue_id, q.name AS queue_name,
       sum(f.entered)::bigint AS entered, sum(f.exited)::bigint AS exited,
       f.queue_key
FROM h_task_queue_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 30) AS back) b
JOIN queue q ON q.queue_key = f.queue_key
GROUP BY dt.interval_start - b.back, dt.local_date, dt.local_time - b.back, dt.utc_offset_min,
         q.queue_id, q.name, f.queue_key;

CREATE VIEW iwd_agg_task_queue_fact_hour AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       q.queue_id, q.name AS queue_name,
       sum(f.entered)::bigint AS entered, sum(f.exited)::bigint AS exited,
       f.queue_key
FROM h_task_queue_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 60) AS back) b
JOIN queue q ON q.queue_key = f.queue_key
GROUP BY dt.interval_start - b.back, dt.local_date, dt.local_time - b.back, dt.utc_offset_min,
         q.queue_id, q.name, f.queue_key;

-- The day rows of closed days and, for open days, the day computed from the 15-minute rows.
CREATE VIEW task_queue_fact_day AS
SELECT f.event_date_key, f.queue_key,
       f.entered::bigint AS entered, f.exited::bigint AS exited
FROM h_task_queue_fact_day f
WHERE f.event_date_key NOT IN (SELECT event_date_key FROM etl_open_day)
UNION ALL
SELECT dt.event_date_key, f.queue_key,
       sum(f.entered)::bigint, sum(f.exited)::bigint
FROM etl_open_day o
JOIN date_time dt ON dt.event_date_key = o.event_date_key
JOIN h_task_queue_fact_15min f ON f.date_time_key = dt.date_time_key
GROUP BY dt.event_date_key, f.queue_key;

CREATE VIEW iwd_agg_task_queue_fact_day AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       q.queue_id, q.name AS queue_name,
       sum(f.entered)::bigint AS entered, sum(f.exited)::bigint AS exited,
       f.queue_key
FROM task_queue_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date AS start_date) per
JOIN queue q ON q.queue_key = f.queue_key
GROUP BY per.start_date, t.time_zone,
         q.queue_id, q.name, f.queue_key;

CREATE VIEW iwd_agg_task_queue_fact_week AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       q.queue_id, q.name AS queue_name,
       sum(f.entered)::bigint AS entered, sum(f.exited)::bigint AS exited,
       f.queue_key
FROM task_queue_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date - (ed.iso_day_of_week - t.week_start + 7) % 7 AS start_date) per
JOIN queue q ON q.queue_key = f.queue_key
GROUP BY per.start_date, t.time_zone,
         q.queue_id, q.name, f.queue_key;

CREATE VIEW iwd_agg_task_queue_fact_month AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       q.queue_id, q.name AS queue_name,
       sum(f.entered)::bigint AS entered, sum(f.exited)::bigint AS exited,
       f.queue_key
FROM task_queue_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('month', ed.calendar_date)::date AS start_date) per
JOIN queue q ON q.queue_key = f.queue_key
GROUP BY per.start_date, t.time_zone,
         q.queue_id, q.name, f.queue_key;

CREATE VIEW iwd_agg_task_queue_fact_qrtr AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       q.queue_id, q.name AS queue_name,
       sum(f.entered)::bigint AS entered, sum(f.exited)::bigint AS exited,
       f.queue_key
FROM task_queue_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('quarter', ed.calendar_date)::date AS start_date) per
JOIN queue q ON q.queue_key = f.queue_key
GROUP BY per.start_date, t.time_zone,
         q.queue_id, q.name, f.queue_key;

CREATE VIEW iwd_agg_task_queue_fact_year AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       q.queue_id, q.name AS queue_name,
       sum(f.entered)::bigint AS entered, sum(f.exited)::bigint AS exited,
       f.queue_key
FROM task_queue_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('year', ed.calendar_date)::date AS start_date) per
JOIN queue q ON q.queue_key = f.queue_key
GROUP BY per.start_date, t.time_zone,
         q.queue_id, q.name, f.queue_key;

-- task_agent
CREATE VIEW iwd_agg_task_agent_fact_15min AS
SELECT dt.interval_start,
       dt.local_date,
       dt.local_time,
       dt.utc_offset_min,
       a.agent_id, a.user_name AS agent_user_name, a.first_name AS agent_first_name,
       a.last_name AS agent_last_name, a.employee_id AS agent_employee_id,
       f.assigned, f.completed, f.work_time_sec, f.held_time_sec,
       f.date_time_key, f.agent_key
FROM h_task_agent_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
JOIN agent a ON a.agent_key = f.agent_key;

CREATE VIEW iwd_agg_task_agent_fact_30min AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       a.agent_id, a.user_name AS agent_user_name, a.first_name AS agent_first_name,
       a.last_name AS agent_last_name, a.employee_id AS agent_employee_id,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.work_time_sec)::bigint AS work_time_sec, sum(f.held_time_sec)::bigint AS held_time_sec,
       f.agent_key
FROM h_task_agent_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 30) AS back) b
JOIN agent a ON a.agent_key = f.agent_key
GROUP BY dt.interval_start - b.back, dt.local_date, dt.local_time - b.back, dt.utc_offset_min,
         a.agent_id, a.user_name, a.first_name, a.last_name, a.employee_id, f.agent_key;

CREATE VIEW iwd_agg_task_agent_fact_hour AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       a.agent_id, a.user_name AS agent_user_name, a.first_name AS agent_first_name,
       a.last_name AS agent_last_name, a.employee_id AS agent_employee_id,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.work_time_sec)::bigint AS work_time_sec, sum(f.held_time_sec)::bigint AS held_time_sec,
       f.agent_key
FROM h_task_agent_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 60) AS back) b
JOIN agent a ON a.agent_key = f.agent_key
GROUP BY dt.interval_start - b.back, dt.local_date, dt.local_time - b.back, dt.utc_offset_min,
         a.agent_id, a.user_name, a.first_name, a.last_name, a.employee_id, f.agent_key;

-- The day rows of closed days and, for open days, the day computed from the 15-minute rows.
CREATE VIEW task_agent_fact_day AS
SELECT f.event_date_key, f.agent_key,
       f.assigned::bigint AS assigned, f.completed::bigint AS completed,
       f.work_time_sec::bigint AS work_time_sec, f.held_time_sec::bigint AS held_time_sec
FROM h_task_agent_fact_day f
WHERE f.event_date_key NOT IN (SELECT event_date_key FROM etl_open_day)
UNION ALL
SELECT dt.event_date_key, f.agent_key,
       sum(f.assigned)::bigint, sum(f.completed)::bigint, sum(f.work_time_sec)::bigint,
       sum(f.held_time_sec)::bigint
FROM etl_open_day o
JOIN date_time dt ON dt.event_date_key = o.event_date_key
JOIN h_task_agent_fact_15min f ON f.date_time_key = dt.date_time_key
GROUP BY dt.event_date_key, f.agent_key;

CREATE VIEW iwd_agg_task_agent_fact_day AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       a.agent_id, a.user_name AS agent_user_name, a.first_name AS agent_first_name,
       a.last_name AS agent_last_name, a.employee_id AS agent_employee_id,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.work_time_sec)::bigint AS work_time_sec, sum(f.held_time_sec)::bigint AS held_time_sec,
       f.agent_key
FROM task_agent_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date AS start_date) per
JOIN agent a ON a.agent_key = f.agent_key
GROUP BY per.start_date, t.time_zone,
         a.agent_id, a.user_name, a.first_name, a.last_name, a.employee_id, f.agent_key;

CREATE VIEW iwd_agg_task_agent_fact_week AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       a.agent_id, a.user_name AS agent_user_name, a.first_name AS agent_first_name,
       a.last_name AS agent_last_name, a.employee_id AS agent_employee_id,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.work_time_sec)::bigint AS work_time_sec, sum(f.held_time_sec)::bigint AS held_time_sec,
       f.agent_key
FROM task_agent_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date - (ed.iso_day_of_week - t.week_start + 7) % 7 AS start_date) per
JOIN agent a ON a.agent_key = f.agent_key
GROUP BY per.start_date, t.time_zone,
         a.agent_id, a.user_name, a.first_name, a.last_name, a.employee_id, f.agent_key;

CREATE VIEW iwd_agg_task_agent_fact_month AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       a.agent_id, a.user_name AS agent_user_name, a.first_name AS agent_first_name,
       a.last_name AS agent_last_name, a.employee_id AS agent_employee_id,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.work_time_sec)::bigint AS work_time_sec, sum(f.held_time_sec)::bigint AS held_time_sec,
       f.agent_key
FROM task_agent_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('month', ed.calendar_date)::date AS start_date) per
JOIN agent a ON a.agent_key = f.agent_key
GROUP BY per.start_date, t.time_zone,
         a.agent_id, a.user_name, a.first_name, a.last_name, a.employee_id, f.agent_key;

CREATE VIEW iwd_agg_task_agent_fact_qrtr AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       a.agent_id, a.user_name AS agent_user_name, a.first_name AS agent_first_name,
       a.last_name AS agent_last_name, a.employee_id AS agent_employee_id,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.work_time_sec)::bigint AS work_time_sec, sum(f.held_time_sec)::bigint AS held_time_sec,
       f.agent_key
FROM task_agent_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('quarter', ed.calendar_date)::date AS start_date) per
JOIN agent a ON a.agent_key = f.agent_key
GROUP BY per.start_date, t.time_zone,
         a.agent_id, a.user_name, a.first_name, a.last_name, a.employee_id, f.agent_key;

CREATE VIEW iwd_agg_task_agent_fact_year AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       a.agent_id, a.user_name AS agent_user_name, a.first_name AS agent_first_name,
       a.last_name AS agent_last_name, a.employee_id AS agent_employee_id,
       sum(f.assigned)::bigint AS assigned, sum(f.completed)::bigint AS completed,
       sum(f.work_time_sec)::bigint AS work_time_sec, sum(f.held_time_sec)::bigint AS held_time_sec,
       f.agent_key
FROM task_agent_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('year', ed.calendar_date)::date AS start_date) per
JOIN agent a ON a.agent_key = f.agent_key
GROUP BY per.start_date, t.time_zone,
         a.agent_id, a.user_name, a.first_name, a.last_name, a.employee_id, f.agent_key;

-- task_capt
CREATE VIEW iwd_agg_task_capt_fact_15min AS
SELECT dt.interval_start,
       dt.local_date,
       dt.local_time,
       dt.utc_offset_min,
       cp.capture_point_id, cp.name AS capture_point_name,
       f.created, f.completed, f.canceled, f.rejected, f.sum_business_value_created,
       f.sum_business_value_completed,
       f.date_time_key, f.capture_point_key
FROM h_task_capt_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
JOIN capture_point cp ON cp.capture_point_key = f.capture_point_key;

CREATE VIEW iwd_agg_task_capt_fact_30min AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       cp.capture_point_id, cp.name AS capture_point_name,
       sum(f.created)::bigint AS created, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.sum_business_value_created)::bigint AS sum_business_value_created,
       sum(f.sum_business_value_completed)::bigint AS sum_business_value_completed,
       f.capture_point_key
FROM h_task_capt_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 30) AS back) b
JOIN capture_point cp ON cp.capture_point_key = f.capture_point_key
GROUP BY dt.interval_start - b.back, dt.local_date, dt.local_time - b.back, dt.utc_offset_min,
         cp.capture_point_id, cp.name, f.capture_point_key;

CREATE VIEW iwd_agg_task_capt_fact_hour AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       cp.capture_point_id, cp.name AS capture_point_name,
       sum(f.created)::bigint AS created, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.sum_business_value_created)::bigint AS sum_business_value_created,
       sum(f.sum_business_value_completed)::bigint AS sum_business_value_completed,
       f.capture_point_key
FROM h_task_capt_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 60) AS back) b
JOIN capture_point cp ON cp.capture_point_key = f.capture_point_key
GROUP BY dt.interval_start - b.back, dt.local_date, dt.local_time - b.back, dt.utc_offset_min,
         cp.capture_point_id, cp.name, f.capture_point_key;

-- The day rows of closed days and, for open days, the day computed from the 15-minute rows.
CREATE VIEW task_capt_fact_day AS
SELECT f.event_date_key, f.capture_point_key,
       f.created::bigint AS created, f.completed::bigint AS completed,
       f.canceled::bigint AS canceled, f.rejected::bigint AS rejected,
       f.sum_business_value_created::bigint AS sum_business_value_created,
       f.sum_business_value_completed::bigint AS sum_business_value_completed
FROM h_task_capt_fact_day f
WHERE f.event_date_key NOT IN (SELECT event_date_key FROM etl_open_day)
UNION ALL
SELECT dt.event_date_key, f.capture_point_key,
       sum(f.created)::bigint, sum(f.completed)::bigint, sum(f.canceled)::bigint,
       sum(f.rejected)::bigint, sum(f.sum_business_value_created)::bigint,
       sum(f.sum_business_value_completed)::bigint
FROM etl_open_day o
JOIN date_time dt ON dt.event_date_key = o.event_date_key
JOIN h_task_capt_fact_15min f ON f.date_time_key = dt.date_time_key
GROUP BY dt.event_date_key, f.capture_point_key;

CREATE VIEW iwd_agg_task_capt_fact_day AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       cp.capture_point_id, cp.name AS capture_point_name,
       sum(f.created)::bigint AS created, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.sum_business_value_created)::bigint AS sum_business_value_created,
       sum(f.sum_business_value_completed)::bigint AS sum_business_value_completed,
       f.capture_point_key
FROM task_capt_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date AS start_date) per
JOIN capture_point cp ON cp.capture_point_key = f.capture_point_key
GROUP BY per.start_date, t.time_zone,
         cp.capture_point_id, cp.name, f.capture_point_key;

CREATE VIEW iwd_agg_task_capt_fact_week AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       cp.capture_point_id, cp.name AS capture_point_name,
       sum(f.created)::bigint AS created, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.sum_business_value_created)::bigint AS sum_business_value_created,
       sum(f.sum_business_value_completed)::bigint AS sum_business_value_completed,
       f.capture_point_key
FROM task_capt_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date - (ed.iso_day_of_week - t.week_start + 7) % 7 AS start_date) per
JOIN capture_point cp ON cp.capture_point_key = f.capture_point_key
GROUP BY per.start_date, t.time_zone,
         cp.capture_point_id, cp.name, f.capture_point_key;

CREATE VIEW iwd_agg_task_capt_fact_month AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       cp.capture_point_id, cp.name AS capture_point_name,
       sum(f.created)::bigint AS created, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.sum_business_value_created)::bigint AS sum_business_value_created,
       sum(f.sum_business_value_completed)::bigint AS sum_business_value_completed,
       f.capture_point_key
FROM task_capt_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('month', ed.calendar_date)::date AS start_date) per
JOIN capture_point cp ON cp.capture_point_key = f.capture_point_key
GROUP BY per.start_date, t.time_zone,
         cp.capture_point_id, cp.name, f.capture_point_key;

CREATE VIEW iwd_agg_task_capt_fact_qrtr AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       cp.capture_point_id, cp.name AS capture_point_name,
       sum(f.created)::bigint AS created, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.sum_business_value_created)::bigint AS sum_business_value_created,
       sum(f.sum_business_value_completed)::bigint AS sum_business_value_completed,
       f.capture_point_key
FROM task_capt_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('quarter', ed.calendar_date)::date AS start_date) per
JOIN capture_point cp ON cp.capture_point_key = f.capture_point_key
GROUP BY per.start_date, t.time_zone,
         cp.capture_point_id, cp.name, f.capture_point_key;

CREATE VIEW iwd_agg_task_capt_fact_year AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       cp.capture_point_id, cp.name AS capture_point_name,
       sum(f.created)::bigint AS created, sum(f.completed)::bigint AS completed,
       sum(f.canceled)::bigint AS canceled, sum(f.rejected)::bigint AS rejected,
       sum(f.sum_business_value_created)::bigint AS sum_business_value_created,
       sum(f.sum_business_value_completed)::bigint AS sum_business_value_completed,
       f.capture_point_key
FROM task_capt_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('year', ed.calendar_date)::date AS start_date) per
JOIN capture_point cp ON cp.capture_point_key = f.capture_point_key
GROUP BY per.start_date, t.time_zone,
         cp.capture_point_id, cp.name, f.capture_point_key;

-- task_age
CREATE VIEW iwd_agg_task_age_fact_15min AS
SELECT dt.interval_start,
       dt.local_date,
       dt.local_time,
       dt.utc_offset_min,
       ag.name AS age_name, ag.lower_sec AS age_lower_sec, ag.upper_sec AS age_upper_sec, q.queue_id,
       q.name AS queue_name, p.process_id, p.name AS process_name,
       f.open_tasks, f.sum_age_sec,
       f.date_time_key, f.age_key, f.queue_key, f.process_key
FROM h_task_age_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
JOIN age ag ON ag.age_key = f.age_key
JOIN queue q ON q.queue_key = f.queue_key
JOIN process p ON p.process_key = f.process_key;

CREATE VIEW iwd_agg_task_age_fact_30min AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       ag.name AS age_name, ag.lower_sec AS age_lower_sec, ag.upper_sec AS age_upper_sec, q.queue_id,
       q.name AS queue_name, p.process_id, p.name AS process_name,
       f.open_tasks, f.sum_age_sec,
       f.age_key, f.queue_key, f.process_key
FROM h_task_age_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 30) AS back) b
JOIN age ag ON ag.age_key = f.age_key
JOIN queue q ON q.queue_key = f.queue_key
JOIN process p ON p.process_key = f.process_key
WHERE extract(minute FROM dt.local_time)::integer % 30 = 15
   OR f.date_time_key = (SELECT through_date_time_key FROM etl_age_snapshot);

CREATE VIEW iwd_agg_task_age_fact_hour AS
SELECT dt.interval_start - b.back AS interval_start,
       dt.local_date,
       dt.local_time - b.back AS local_time,
       dt.utc_offset_min,
       ag.name AS age_name, ag.lower_sec AS age_lower_sec, ag.upper_sec AS age_upper_sec, q.queue_id,
       q.name AS queue_name, p.process_id, p.name AS process_name,
       f.open_tasks, f.sum_age_sec,
       f.age_key, f.queue_key, f.process_key
FROM h_task_age_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
CROSS JOIN LATERAL (SELECT make_interval(mins => extract(minute FROM dt.local_time)::integer % 60) AS back) b
JOIN age ag ON ag.age_key = f.age_key
JOIN queue q ON q.queue_key = f.queue_key
JOIN process p ON p.process_key = f.process_key
WHERE extract(minute FROM dt.local_time)::integer % 60 = 45
   OR f.date_time_key = (SELECT through_date_time_key FROM etl_age_snapshot);

-- The day rows of closed days and, for open days, the day computed from the 15-minute rows.
CREATE VIEW task_age_fact_day AS
SELECT f.event_date_key, f.age_key, f.queue_key, f.process_key,
       f.open_tasks::bigint AS open_tasks, f.sum_age_sec::bigint AS sum_age_sec
FROM h_task_age_fact_day f
WHERE f.event_date_key NOT IN (SELECT event_date_key FROM etl_open_day)
UNION ALL
SELECT dt.event_date_key, f.age_key, f.queue_key, f.process_key, f.open_tasks, f.sum_age_sec
FROM etl_open_day o
JOIN date_time dt ON dt.event_date_key = o.event_date_key
JOIN h_task_age_fact_15min f ON f.date_time_key = dt.date_time_key
WHERE dt.local_time = '23:45' OR f.date_time_key = (SELECT through_date_time_key FROM etl_age_snapshot);

CREATE VIEW iwd_agg_task_age_fact_day AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       ag.name AS age_name, ag.lower_sec AS age_lower_sec, ag.upper_sec AS age_upper_sec, q.queue_id,
       q.name AS queue_name, p.process_id, p.name AS process_name,
       f.open_tasks, f.sum_age_sec,
       f.age_key, f.queue_key, f.process_key
FROM task_age_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date AS start_date) per
JOIN age ag ON ag.age_key = f.age_key
JOIN queue q ON q.queue_key = f.queue_key
JOIN process p ON p.process_key = f.process_key;

CREATE VIEW iwd_agg_task_age_fact_week AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       ag.name AS age_name, ag.lower_sec AS age_lower_sec, ag.upper_sec AS age_upper_sec, q.queue_id,
       q.name AS queue_name, p.process_id, p.name AS process_name,
       f.open_tasks, f.sum_age_sec,
       f.age_key, f.queue_key, f.process_key
FROM task_age_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT ed.calendar_date - (ed.iso_day_of_week - t.week_start + 7) % 7 AS start_date) per
JOIN age ag ON ag.age_key = f.age_key
JOIN queue q ON q.queue_key = f.queue_key
JOIN process p ON p.process_key = f.process_key
WHERE (ed.iso_day_of_week - t.week_start + 7) % 7 = 6
   OR f.event_date_key = (SELECT dt.event_date_key FROM etl_age_snapshot s
        JOIN date_time dt ON dt.date_time_key = s.through_date_time_key);

CREATE VIEW iwd_agg_task_age_fact_month AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       ag.name AS age_name, ag.lower_sec AS age_lower_sec, ag.upper_sec AS age_upper_sec, q.queue_id,
       q.name AS queue_name, p.process_id, p.name AS process_name,
       f.open_tasks, f.sum_age_sec,
       f.age_key, f.queue_key, f.process_key
FROM task_age_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('month', ed.calendar_date)::date AS start_date) per
JOIN age ag ON ag.age_key = f.age_key
JOIN queue q ON q.queue_key = f.queue_key
JOIN process p ON p.process_key = f.process_key
WHERE extract(day FROM ed.calendar_date + 1) = 1
   OR f.event_date_key = (SELECT dt.event_date_key FROM etl_age_snapshot s
        JOIN date_time dt ON dt.date_time_key = s.through_date_time_key);

CREATE VIEW iwd_agg_task_age_fact_qrtr AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       ag.name AS age_name, ag.lower_sec AS age_lower_sec, ag.upper_sec AS age_upper_sec, q.queue_id,
       q.name AS queue_name, p.process_id, p.name AS process_name,
       f.open_tasks, f.sum_age_sec,
       f.age_key, f.queue_key, f.process_key
FROM task_age_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('quarter', ed.calendar_date)::date AS start_date) per
JOIN age ag ON ag.age_key = f.age_key
JOIN queue q ON q.queue_key = f.queue_key
JOIN process p ON p.process_key = f.process_key
WHERE extract(day FROM ed.calendar_date + 1) = 1 AND extract(month FROM ed.calendar_date + 1) IN (1, 4, 7, 10)
   OR f.event_date_key = (SELECT dt.event_date_key FROM etl_age_snapshot s
        JOIN date_time dt ON dt.date_time_key = s.through_date_time_key);

CREATE VIEW iwd_agg_task_age_fact_year AS
SELECT per.start_date::timestamp AT TIME ZONE t.time_zone AS interval_start,
       per.start_date AS local_date,
       ag.name AS age_name, ag.lower_sec AS age_lower_sec, ag.upper_sec AS age_upper_sec, q.queue_id,
       q.name AS queue_name, p.process_id, p.name AS process_name,
       f.open_tasks, f.sum_age_sec,
       f.age_key, f.queue_key, f.process_key
FROM task_age_fact_day f
JOIN event_date ed ON ed.event_date_key = f.event_date_key
CROSS JOIN tenant t
CROSS JOIN LATERAL (SELECT date_trunc('year', ed.calendar_date)::date AS start_date) per
JOIN age ag ON ag.age_key = f.age_key
JOIN queue q ON q.queue_key = f.queue_key
JOIN process p ON p.process_key = f.process_key
WHERE ed.month = 12 AND ed.day_of_month = 31
   OR f.event_date_key = (SELECT dt.event_date_key FROM etl_age_snapshot s
        JOIN date_time dt ON dt.date_time_key = s.through_date_time_key);
