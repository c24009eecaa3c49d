-- As V16 for the event and task facts: i_task_work_fact is written set-based by the intraday load from event facts
-- whose keys the load guarantees (calendar rows of the page created first, in the same transaction), and the
-- 15-minute aggregates are recomputed set-based from those facts, with age keys from the fixed age dimension.
-- Their foreign keys checked that again with one trigger query per row and key: on a 10 000-event page of
-- ./iwd bench etl the two triggers of i_task_work_fact took about 80 of 300 ms of its upsert, and an intraday
-- aggregation of 300 000 events ran 188 000 date_time checks. The daily aggregates (a row per day and
-- combination) keep theirs.
ALTER TABLE i_task_work_fact
    DROP CONSTRAINT i_task_work_fact_date_time_key_fkey,
    DROP CONSTRAINT i_task_work_fact_end_task_event_type_key_fkey;
ALTER TABLE h_task_classif_fact_15min DROP CONSTRAINT h_task_classif_fact_15min_date_time_key_fkey;
ALTER TABLE h_task_queue_fact_15min DROP CONSTRAINT h_task_queue_fact_15min_date_time_key_fkey;
ALTER TABLE h_task_agent_fact_15min DROP CONSTRAINT h_task_agent_fact_15min_date_time_key_fkey;
ALTER TABLE h_task_capt_fact_15min DROP CONSTRAINT h_task_capt_fact_15min_date_time_key_fkey;
ALTER TABLE h_task_age_fact_15min
    DROP CONSTRAINT h_task_age_fact_15min_date_time_key_fkey,
    DROP CONSTRAINT h_task_age_fact_15min_age_key_fkey;
