-- The last run of each job of the tenant, for monitoring: when it started, when it last succeeded and failed,
-- and how many task events its last run loaded. One row per job name, written at the start and the end of each
-- run (its own short transactions, apart from the data), so every etl-jobs replica reports the same values and a
-- restarted process still knows the last success.
CREATE TABLE etl_job_status (
    job_name           text        PRIMARY KEY,
    last_execution_id  bigint      NOT NULL,
    last_status        text        NOT NULL,
    last_start_at      timestamptz NOT NULL,
    last_end_at        timestamptz,
    last_success_at    timestamptz,
    last_fail_at       timestamptz,
    last_events_loaded bigint
);
