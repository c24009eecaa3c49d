-- loadIntraday looks up the open assignments of every task of a page: a partial index keeps that lookup to the
-- few open rows instead of every assignment ever loaded.
CREATE INDEX i_task_work_fact_open ON i_task_work_fact (task_id) WHERE end_event_id IS NULL;
