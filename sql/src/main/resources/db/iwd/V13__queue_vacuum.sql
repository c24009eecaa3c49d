-- task_event_pending (events waiting for a feed position) and search_outbox (task changes waiting for
-- Elasticsearch) are queues: a row's churn per write, few live rows at any time. Their consumers vacuum them every
-- second (QueueVacuum); autovacuum, for a role that cannot, should not wait for 20 % of a near-empty table to be
-- dead.
ALTER TABLE task_event_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
ALTER TABLE search_outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
