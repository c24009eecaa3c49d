-- One row per assignment: from the event that gives the task to an agent (Assigned, or Transferred to an agent) to
-- the event that ends it (the next assignment, or any event leaving the task neither Assigned nor held: Completed,
-- Canceled, Rejected, Transferred to a queue, Restarted). Held and Resumed inside an assignment do not end it;
-- the held time is counted apart (docs/work-fact.md). Open assignments have no end yet.
CREATE TABLE i_task_work_fact (
    task_id               bigint      NOT NULL,
    start_event_id        bigint      NOT NULL,
    agent_key             integer     NOT NULL,
    queue_key             integer     NOT NULL,
    solution_key          integer     NOT NULL,
    department_key        integer     NOT NULL,
    process_key           integer     NOT NULL,
    category_key          integer     NOT NULL,
    -- The 15-minute interval the assignment started in.
    date_time_key         integer     NOT NULL REFERENCES date_time,
    assigned_at           timestamptz NOT NULL,
    end_event_id          bigint,
    end_task_event_type_key smallint  REFERENCES task_event_type,
    finished_at           timestamptz,
    -- Seconds the task spent Assigned, and held, between the start and the end (or the last event so far).
    work_time_sec         integer     NOT NULL,
    held_time_sec         integer     NOT NULL,
    -- Ended otherwise than by Completed; null while open.
    abandoned             boolean,
    created_etl_audit_key bigint      NOT NULL,
    updated_etl_audit_key bigint      NOT NULL,
    PRIMARY KEY (task_id, start_event_id),
    CHECK ((end_event_id IS NULL) = (finished_at IS NULL)
        AND (end_event_id IS NULL) = (end_task_event_type_key IS NULL)
        AND (end_event_id IS NULL) = (abandoned IS NULL))
);
CREATE INDEX i_task_work_fact_interval ON i_task_work_fact (date_time_key);

CREATE TABLE h_task_work_fact (LIKE i_task_work_fact INCLUDING ALL);

CREATE VIEW task_work_fact AS
    SELECT * FROM i_task_work_fact
    UNION ALL
    SELECT * FROM h_task_work_fact;
