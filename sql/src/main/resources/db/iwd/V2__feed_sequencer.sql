-- Feed positions are handed out after commit, in commit order, by one sequencer at a time (docs/feed.md).
-- A row per feed holds the last position given; the sequencer locks it, so runs on any replica are serialised.
CREATE TABLE feed_sequencer (
    feed          text   PRIMARY KEY CHECK (feed IN ('task', 'config')),
    last_position bigint NOT NULL
);
INSERT INTO feed_sequencer (feed, last_position) VALUES ('task', 0), ('config', 0);
