-- The Data Mart's own control tables. The watermark and the touched intervals change in the same transaction
-- as the fact rows they cover, so a crash at any point followed by a restart gives the rows of a clean run.

CREATE TABLE etl_audit (
    etl_audit_key    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name         text        NOT NULL,
    job_execution_id bigint,
    started_at       timestamptz NOT NULL DEFAULT now(),
    ended_at         timestamptz,
    status           text        NOT NULL DEFAULT 'STARTED',
    events_read      bigint      NOT NULL DEFAULT 0,
    rows_written     bigint      NOT NULL DEFAULT 0
);

CREATE TABLE etl_watermark (
    feed                  text        PRIMARY KEY CHECK (feed IN ('task', 'config')),
    last_event_id         bigint      NOT NULL,
    last_event_at         timestamptz,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    updated_etl_audit_key bigint
);
INSERT INTO etl_watermark (feed, last_event_id) VALUES ('task', 0), ('config', 0);

-- 15-minute intervals whose events changed since they were last aggregated.
CREATE TABLE etl_touched_interval (
    date_time_key integer     PRIMARY KEY,
    touched_at    timestamptz NOT NULL DEFAULT now()
);

-- Events the load could not take, with the raw payload and the reason; the job carries on without them.
CREATE TABLE etl_quarantine (
    quarantine_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed           text        NOT NULL,
    event_id       bigint,
    raw_payload    text        NOT NULL,
    reason         text        NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now(),
    etl_audit_key  bigint      NOT NULL
);
