-- Facts: intraday (i_) tables written by the loads, historical (h_) tables that nightly moves final tasks to,
-- and blended views without prefix. Timestamps in UTC; every row carries the audit keys of the ETL runs that
-- created and last updated it.

CREATE TABLE i_task_event_fact (
    event_id              bigint      PRIMARY KEY,
    task_id               bigint      NOT NULL,
    capture_id            text        NOT NULL,
    task_version          integer     NOT NULL,
    task_event_type_key   smallint    NOT NULL REFERENCES task_event_type,
    status_key            smallint    NOT NULL REFERENCES status,
    occurred_at           timestamptz NOT NULL,
    date_time_key         integer     NOT NULL REFERENCES date_time,
    solution_key          integer     NOT NULL,
    department_key        integer     NOT NULL,
    process_key           integer     NOT NULL,
    category_key          integer     NOT NULL,
    capture_point_key     integer     NOT NULL,
    queue_key             integer     NOT NULL,
    previous_queue_key    integer     NOT NULL,
    agent_key             integer     NOT NULL,
    previous_agent_key    integer     NOT NULL,
    media_type_key        integer     NOT NULL,
    result_code_key       integer     NOT NULL,
    priority              integer,
    business_value        integer,
    due_at                timestamptz,
    activation_at         timestamptz,
    source_created_at     timestamptz,
    reason                text,
    work_time_sec         integer     NOT NULL,
    held_time_sec         integer     NOT NULL,
    created_etl_audit_key bigint      NOT NULL,
    updated_etl_audit_key bigint      NOT NULL
);
CREATE INDEX i_task_event_fact_interval ON i_task_event_fact (date_time_key);
CREATE INDEX i_task_event_fact_task ON i_task_event_fact (task_id);

CREATE TABLE h_task_event_fact (LIKE i_task_event_fact INCLUDING ALL);

CREATE VIEW task_event_fact AS
    SELECT * FROM i_task_event_fact
    UNION ALL
    SELECT * FROM h_task_event_fact;

-- One row per task: its current (or last) state.
CREATE TABLE i_task_fact (
    task_id                bigint      PRIMARY KEY,
    capture_id             text        NOT NULL,
    status_key             smallint    NOT NULL REFERENCES status,
    solution_key           integer     NOT NULL,
    department_key         integer     NOT NULL,
    process_key            integer     NOT NULL,
    category_key           integer     NOT NULL,
    capture_point_key      integer     NOT NULL,
    queue_key              integer     NOT NULL,
    last_agent_key         integer     NOT NULL,
    media_type_key         integer     NOT NULL,
    result_code_key        integer     NOT NULL,
    priority               integer,
    business_value         integer,
    due_at                 timestamptz,
    created_at             timestamptz,
    activated_at           timestamptz,
    first_assigned_at      timestamptz,
    finished_at            timestamptz,
    total_work_sec         integer     NOT NULL,
    total_held_sec         integer     NOT NULL,
    last_event_id          bigint      NOT NULL,
    last_event_at          timestamptz NOT NULL,
    created_etl_audit_key  bigint      NOT NULL,
    updated_etl_audit_key  bigint      NOT NULL
);

CREATE TABLE h_task_fact (LIKE i_task_fact INCLUDING ALL);

CREATE VIEW task_fact AS
    SELECT * FROM i_task_fact
    UNION ALL
    SELECT * FROM h_task_fact;
