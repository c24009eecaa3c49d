-- nightly finds the final tasks to move by their finish time, and the historical ones to purge by theirs.
CREATE INDEX i_task_fact_finished ON i_task_fact (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX h_task_fact_finished ON h_task_fact (finished_at);
