-- Task feed positions move out of the event rows (docs/feed.md, "Positions outside the event rows"). Setting
-- task_event.feed_id rewrote every event a second time, with new entries in all its indexes (feed_id is indexed, so
-- never a HOT update). Now an insert into task_event queues the event in task_event_pending (a trigger, so no
-- writer can forget it), and the sequencer moves pending events into task_event_position, narrow and insert-only.

-- Events committed without a position yet. A row lives from its event's commit to the next sequencer run.
CREATE TABLE task_event_pending (
    event_id bigint PRIMARY KEY
);

-- The feed: a global position per event, given after commit in commit order by the sequencer, never changed.
CREATE TABLE task_event_position (
    tenant_id varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    feed_id   bigint      NOT NULL,
    event_id  bigint      NOT NULL UNIQUE,
    PRIMARY KEY (tenant_id, feed_id)
);

INSERT INTO task_event_position (tenant_id, feed_id, event_id)
SELECT tenant_id, feed_id, event_id FROM task_event WHERE feed_id IS NOT NULL;
INSERT INTO task_event_pending (event_id)
SELECT event_id FROM task_event WHERE feed_id IS NULL;

DROP INDEX task_event_feed, task_event_unsequenced;
ALTER TABLE task_event DROP COLUMN feed_id;

-- One statement per insert statement, not per row: a create's two events are queued by one INSERT.
CREATE FUNCTION task_event_queue_for_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_event_pending (event_id) SELECT event_id FROM appended;
    RETURN NULL;
END $$;

CREATE TRIGGER task_event_queue_for_feed AFTER INSERT ON task_event
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION task_event_queue_for_feed();
