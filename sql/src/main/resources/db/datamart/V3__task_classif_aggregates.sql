-- Classification aggregate (by solution, department, process and category) per 15-minute interval, written
-- by the intraday aggregation. Measures count events whose occurred_at falls in the interval.
CREATE TABLE h_task_classif_fact_15min (
    date_time_key            integer  NOT NULL REFERENCES date_time,
    solution_key             integer  NOT NULL,
    department_key           integer  NOT NULL,
    process_key              integer  NOT NULL,
    category_key             integer  NOT NULL,
    created                  integer  NOT NULL,
    queued                   integer  NOT NULL,
    assigned                 integer  NOT NULL,
    completed                integer  NOT NULL,
    canceled                 integer  NOT NULL,
    rejected                 integer  NOT NULL,
    completed_in_due         integer  NOT NULL,
    completed_overdue        integer  NOT NULL,
    sum_time_to_complete_sec bigint   NOT NULL,
    created_etl_audit_key    bigint   NOT NULL,
    updated_etl_audit_key    bigint   NOT NULL,
    PRIMARY KEY (date_time_key, solution_key, department_key, process_key, category_key)
);

CREATE VIEW iwd_agg_task_classif_fact_15min AS
SELECT dt.interval_start,
       dt.local_date,
       dt.local_time,
       dt.utc_offset_min,
       s.solution_id,   s.name AS solution_name,
       d.department_id, d.name AS department_name,
       p.process_id,    p.name AS process_name,
       c.category_id,   c.name AS category_name,
       f.created, f.queued, f.assigned, f.completed, f.canceled, f.rejected,
       f.completed_in_due, f.completed_overdue, f.sum_time_to_complete_sec,
       f.date_time_key, f.solution_key, f.department_key, f.process_key, f.category_key
FROM h_task_classif_fact_15min f
JOIN date_time dt ON dt.date_time_key = f.date_time_key
JOIN solution s ON s.solution_key = f.solution_key
JOIN department d ON d.department_key = f.department_key
JOIN process p ON p.process_key = f.process_key
JOIN category c ON c.category_key = f.category_key;
