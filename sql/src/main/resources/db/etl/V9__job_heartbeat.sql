-- One row per job execution run by an etl-jobs process: the process refreshes beat_at while it runs the execution
-- (from a timer, independent of the job's progress). A detector declares an execution in STARTING, STARTED or
-- STOPPING whose beat is older than the timeout dead, recovers it with JobOperator.recover and frees the tenant
-- lease it held (lock_owner). recovered_at/recovered_by are set in the same transaction as the recovery, so two
-- detectors never both act on one execution and a late beat of a recovered execution changes nothing.
-- Times come from the database's clock only, so replicas' clocks do not matter.
CREATE TABLE job_heartbeat (
    job_execution_id bigint      PRIMARY KEY REFERENCES batch_job_execution ON DELETE CASCADE,
    process          text        NOT NULL,
    tenant_id        varchar(32),
    lock_owner       text,
    beat_at          timestamptz NOT NULL,
    recovered_at     timestamptz,
    recovered_by     text
);
