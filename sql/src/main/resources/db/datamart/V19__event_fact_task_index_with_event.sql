-- The work fact of a page is derived from each task's events since its open assignment started
-- (TaskWorkFactWriter): with the event id in the task index, the scan reads just those events instead of fetching
-- every event of the task from the heap to filter them.
DROP INDEX i_task_event_fact_task;
CREATE INDEX i_task_event_fact_task ON i_task_event_fact (task_id, event_id);
