-- One row per job execution of the tenant, written when it ends (docs/nightly.md): what it loaded, quarantined,
-- moved and purged, where the task watermark stands and how far behind it is, and each step's counts and time.
CREATE TABLE etl_stats_general (
    job_execution_id      bigint      PRIMARY KEY,
    etl_audit_key         bigint      NOT NULL,
    job_name              text        NOT NULL,
    status                text        NOT NULL,
    started_at            timestamptz NOT NULL,
    ended_at              timestamptz NOT NULL,
    duration_ms           bigint      NOT NULL,
    events_loaded         bigint      NOT NULL,
    events_quarantined    bigint      NOT NULL,
    tasks_moved           bigint      NOT NULL,
    tasks_purged          bigint      NOT NULL,
    aggregate_rows_purged bigint      NOT NULL,
    watermark_event_id    bigint,
    watermark_event_at    timestamptz,
    -- Seconds from the newest event loaded to the end of the run.
    lag_sec               bigint,
    -- {"step": {"status", "read", "written", "skipped", "ms"}} for every step the execution ran.
    steps                 jsonb       NOT NULL
);
CREATE INDEX etl_stats_general_started ON etl_stats_general (started_at);

-- The size of every table of the tenant's schema, measured by each nightly run.
CREATE TABLE database_stats (
    etl_audit_key bigint      NOT NULL,
    table_name    text        NOT NULL,
    measured_at   timestamptz NOT NULL,
    -- The planner's estimate (pg_class.reltuples); null for a table never analysed.
    rows_estimate bigint,
    total_bytes   bigint      NOT NULL,
    PRIMARY KEY (etl_audit_key, table_name)
);
