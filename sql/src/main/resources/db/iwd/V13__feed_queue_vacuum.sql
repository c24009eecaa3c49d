-- task_event_pending holds an event from its commit to the next sequencer run: two rows' churn per create, a few
-- live rows at any time. The sequencer vacuums it every second (PendingQueueVacuum); autovacuum, for a replica
-- that cannot, should not wait for 20 % of a near-empty table to be dead.
ALTER TABLE task_event_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
