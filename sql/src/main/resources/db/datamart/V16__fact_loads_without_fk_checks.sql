-- The intraday load writes i_task_event_fact and i_task_fact set-based, 10 000 events per statement, taking
-- every key from a join with its dimension (and creating the calendar rows of the page first, in the same
-- transaction), so a key without its dimension row cannot be written. The foreign keys checked that again one
-- row at a time, with one trigger query per row and key: measured with EXPLAIN ANALYZE on a page of 10 000
-- events (./iwd bench etl), the three triggers of i_task_event_fact took more than half of the statement's time
-- (about 430 of 800 ms). The h_ tables (LIKE ... INCLUDING ALL) never had them. Data Mart facts follow the usual
-- star-schema practice instead: keys guaranteed by the load, joins in the report views.
ALTER TABLE i_task_event_fact
    DROP CONSTRAINT i_task_event_fact_task_event_type_key_fkey,
    DROP CONSTRAINT i_task_event_fact_status_key_fkey,
    DROP CONSTRAINT i_task_event_fact_date_time_key_fkey;
ALTER TABLE i_task_fact
    DROP CONSTRAINT i_task_fact_status_key_fkey;
