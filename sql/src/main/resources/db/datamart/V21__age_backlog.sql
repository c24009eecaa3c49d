-- The open backlog grouped as the backlog snapshots (task_age) band it: open tasks (created, not finished, status
-- not final) by their current queue and process and the interval their creation falls in (start_interval =
-- ceil(ceil(epoch of created_at) / 900)), with the count and the sum of their starts in whole seconds. Over a long
-- history most open tasks had no event for days, and every snapshot run read each of them from the task fact (the
-- open backlog, about a fifth of all tasks in ./iwd bench etl --history 10000000: 467 000 of 2.35 million task
-- rows, 3 s of a 4.3 s aggregation); it reads these groups instead (50 000 rows there), less the tasks that
-- changed during its span, whose events it reads anyway.
--
-- The triggers keep it exact under every write of the task facts (the load's upsert, the nightly move to h_, the
-- purge), in the writing statement's transaction: one statement per page, on the rows that statement changed.
CREATE TABLE age_backlog (
    queue_key      integer NOT NULL,
    process_key    integer NOT NULL,
    start_interval integer NOT NULL,
    tasks          integer NOT NULL,
    sum_start_sec  bigint  NOT NULL,
    PRIMARY KEY (queue_key, process_key, start_interval)
);
-- No CHECK (tasks >= 0): a changed task's delta is an INSERT ... ON CONFLICT of a negative count, and PostgreSQL
-- checks the proposed row before it finds the conflict. Groups whose last task closed are deleted after each
-- change; this index finds them without a scan.
CREATE INDEX age_backlog_empty ON age_backlog (queue_key) WHERE tasks = 0;

-- The snapshots read the open tasks that changed since their span began, and those whose creation is not loaded
-- yet; the open index was on created_at, which no query looks up.
DROP INDEX i_task_fact_open;
CREATE INDEX i_task_fact_open ON i_task_fact (last_event_at) WHERE finished_at IS NULL;
CREATE INDEX i_task_fact_uncreated ON i_task_fact (task_id) WHERE finished_at IS NULL AND created_at IS NULL;

CREATE FUNCTION age_backlog_track() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    -- The open tasks among a transition table's rows, each with the sign of its change to the backlog.
    open_rows constant text := 'SELECT r.queue_key, r.process_key, '
        || 'ceil(extract(epoch FROM r.created_at))::bigint AS start_sec, %s AS sign '
        || 'FROM %I r JOIN status s ON s.status_key = r.status_key '
        || 'WHERE r.finished_at IS NULL AND r.created_at IS NOT NULL AND NOT s.is_final';
BEGIN
    -- A statement-level trigger sees only the transition tables of its own event: the query names those.
    EXECUTE format($q$
        INSERT INTO age_backlog AS b (queue_key, process_key, start_interval, tasks, sum_start_sec)
        SELECT queue_key, process_key, (start_sec + 899) / 900, sum(sign), sum(sign * start_sec)
        FROM (%s) t
        GROUP BY 1, 2, 3
        HAVING sum(sign) <> 0 OR sum(sign * start_sec) <> 0
        ON CONFLICT (queue_key, process_key, start_interval) DO UPDATE
            SET tasks = b.tasks + excluded.tasks, sum_start_sec = b.sum_start_sec + excluded.sum_start_sec$q$,
        concat_ws(' UNION ALL ',
            CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN format(open_rows, 1, 'new_rows') END,
            CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN format(open_rows, -1, 'old_rows') END));
    DELETE FROM age_backlog WHERE tasks = 0;
    RETURN NULL;
END
$$;

-- The same three triggers on both task facts: <table>_backlog_insert, _update and _delete.
DO $$
DECLARE
    fact text;
BEGIN
    FOREACH fact IN ARRAY ARRAY['i_task_fact', 'h_task_fact'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_backlog_insert AFTER INSERT ON %1$I REFERENCING NEW TABLE AS new_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION age_backlog_track()', fact);
        EXECUTE format('CREATE TRIGGER %1$s_backlog_update AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS old_rows '
            'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION age_backlog_track()', fact);
        EXECUTE format('CREATE TRIGGER %1$s_backlog_delete AFTER DELETE ON %1$I REFERENCING OLD TABLE AS old_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION age_backlog_track()', fact);
    END LOOP;
END
$$;

INSERT INTO age_backlog (queue_key, process_key, start_interval, tasks, sum_start_sec)
SELECT queue_key, process_key, (start_sec + 899) / 900, count(*), sum(start_sec)
FROM (SELECT f.queue_key, f.process_key, ceil(extract(epoch FROM f.created_at))::bigint AS start_sec
      FROM task_fact f JOIN status s ON s.status_key = f.status_key
      WHERE f.finished_at IS NULL AND f.created_at IS NOT NULL AND NOT s.is_final) t
GROUP BY 1, 2, 3;
