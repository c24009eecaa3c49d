-- The agent load reads the Info Mart's resource_ incrementally by its update audit key.
ALTER TABLE etl_watermark DROP CONSTRAINT etl_watermark_feed_check;
ALTER TABLE etl_watermark ADD CONSTRAINT etl_watermark_feed_check CHECK (feed IN ('task', 'config', 'agents'));
INSERT INTO etl_watermark (feed, last_event_id) VALUES ('agents', 0);
