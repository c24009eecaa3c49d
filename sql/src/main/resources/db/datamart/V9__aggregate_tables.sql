-- The aggregates of the five subject areas (docs/aggregates.md defines every measure): 15-minute tables written
-- by the intraday aggregation for the intervals it re-aggregates, and day tables written for closed local days
-- from the 15-minute rows. Counts are of events whose occurred_at falls in the interval; task_age is a snapshot of
-- the open tasks at the interval's (or day's) end.

CREATE TABLE h_task_queue_fact_15min (
    date_time_key         integer NOT NULL REFERENCES date_time,
    queue_key             integer NOT NULL,
    entered               integer NOT NULL,
    exited                integer NOT NULL,
    created_etl_audit_key bigint  NOT NULL,
    updated_etl_audit_key bigint  NOT NULL,
    PRIMARY KEY (date_time_key, queue_key)
);

CREATE TABLE h_task_agent_fact_15min (
    date_time_key         integer NOT NULL REFERENCES date_time,
    agent_key             integer NOT NULL,
    assigned              integer NOT NULL,
    completed             integer NOT NULL,
    work_time_sec         bigint  NOT NULL,
    held_time_sec         bigint  NOT NULL,
    created_etl_audit_key bigint  NOT NULL,
    updated_etl_audit_key bigint  NOT NULL,
    PRIMARY KEY (date_time_key, agent_key)
);

CREATE TABLE h_task_capt_fact_15min (
    date_time_key                integer NOT NULL REFERENCES date_time,
    capture_point_key            integer NOT NULL,
    created                      integer NOT NULL,
    completed                    integer NOT NULL,
    canceled                     integer NOT NULL,
    rejected                     integer NOT NULL,
    sum_business_value_created   bigint  NOT NULL,
    sum_business_value_completed bigint  NOT NULL,
    created_etl_audit_key        bigint  NOT NULL,
    updated_etl_audit_key        bigint  NOT NULL,
    PRIMARY KEY (date_time_key, capture_point_key)
);

-- Open tasks at the interval's end, by age band, queue and process (as they were at that instant).
CREATE TABLE h_task_age_fact_15min (
    date_time_key         integer  NOT NULL REFERENCES date_time,
    age_key               smallint NOT NULL REFERENCES age,
    queue_key             integer  NOT NULL,
    process_key           integer  NOT NULL,
    open_tasks            integer  NOT NULL,
    sum_age_sec           bigint   NOT NULL,
    created_etl_audit_key bigint   NOT NULL,
    updated_etl_audit_key bigint   NOT NULL,
    PRIMARY KEY (date_time_key, age_key, queue_key, process_key)
);

CREATE TABLE h_task_classif_fact_day (
    event_date_key           integer NOT NULL REFERENCES event_date,
    solution_key             integer NOT NULL,
    department_key           integer NOT NULL,
    process_key              integer NOT NULL,
    category_key             integer NOT NULL,
    created                  integer NOT NULL,
    queued                   integer NOT NULL,
    assigned                 integer NOT NULL,
    completed                integer NOT NULL,
    canceled                 integer NOT NULL,
    rejected                 integer NOT NULL,
    completed_in_due         integer NOT NULL,
    completed_overdue        integer NOT NULL,
    sum_time_to_complete_sec bigint  NOT NULL,
    created_etl_audit_key    bigint  NOT NULL,
    updated_etl_audit_key    bigint  NOT NULL,
    PRIMARY KEY (event_date_key, solution_key, department_key, process_key, category_key)
);

CREATE TABLE h_task_queue_fact_day (
    event_date_key        integer NOT NULL REFERENCES event_date,
    queue_key             integer NOT NULL,
    entered               integer NOT NULL,
    exited                integer NOT NULL,
    created_etl_audit_key bigint  NOT NULL,
    updated_etl_audit_key bigint  NOT NULL,
    PRIMARY KEY (event_date_key, queue_key)
);

CREATE TABLE h_task_agent_fact_day (
    event_date_key        integer NOT NULL REFERENCES event_date,
    agent_key             integer NOT NULL,
    assigned              integer NOT NULL,
    completed             integer NOT NULL,
    work_time_sec         bigint  NOT NULL,
    held_time_sec         bigint  NOT NULL,
    created_etl_audit_key bigint  NOT NULL,
    updated_etl_audit_key bigint  NOT NULL,
    PRIMARY KEY (event_date_key, agent_key)
);

CREATE TABLE h_task_capt_fact_day (
    event_date_key               integer NOT NULL REFERENCES event_date,
    capture_point_key            integer NOT NULL,
    created                      integer NOT NULL,
    completed                    integer NOT NULL,
    canceled                     integer NOT NULL,
    rejected                     integer NOT NULL,
    sum_business_value_created   bigint  NOT NULL,
    sum_business_value_completed bigint  NOT NULL,
    created_etl_audit_key        bigint  NOT NULL,
    updated_etl_audit_key        bigint  NOT NULL,
    PRIMARY KEY (event_date_key, capture_point_key)
);

-- The backlog at the day's end: the day's last 15-minute snapshot.
CREATE TABLE h_task_age_fact_day (
    event_date_key        integer  NOT NULL REFERENCES event_date,
    age_key               smallint NOT NULL REFERENCES age,
    queue_key             integer  NOT NULL,
    process_key           integer  NOT NULL,
    open_tasks            integer  NOT NULL,
    sum_age_sec           bigint   NOT NULL,
    created_etl_audit_key bigint   NOT NULL,
    updated_etl_audit_key bigint   NOT NULL,
    PRIMARY KEY (event_date_key, age_key, queue_key, process_key)
);

-- How far the task_age snapshots reach: every interval up to this one has its snapshot (no row = no open task).
-- Changes in the same transaction as the snapshot rows.
CREATE TABLE etl_age_snapshot (
    singleton             boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    through_date_time_key integer NOT NULL,
    updated_etl_audit_key bigint  NOT NULL
);

-- The snapshot reads the tasks open over a span of time: the open ones, and those finished since. nightly finds
-- the final tasks to move, and the historical ones to purge, by their finish time too.
CREATE INDEX i_task_fact_open ON i_task_fact (created_at) WHERE finished_at IS NULL;
CREATE INDEX i_task_fact_finished ON i_task_fact (finished_at);
CREATE INDEX h_task_fact_finished ON h_task_fact (finished_at);

-- Days aggregated per 15 minutes before day aggregates existed wait for theirs like any other touched day.
INSERT INTO etl_touched_day (event_date_key)
SELECT DISTINCT dt.event_date_key
FROM h_task_classif_fact_15min f JOIN date_time dt ON dt.date_time_key = f.date_time_key
ON CONFLICT (event_date_key) DO NOTHING;
