-- Per-tenant retention, overriding iwd.etl.nightly.retention.*: null keeps the configured default. Whole days,
-- months or years: granular facts by their task's finish day, 15-minute and day aggregate rows by their day.
ALTER TABLE tenant
    ADD COLUMN retention_facts interval
        CHECK (retention_facts >= interval '1 day' AND date_trunc('day', retention_facts) = retention_facts),
    ADD COLUMN retention_fifteen_minute interval
        CHECK (retention_fifteen_minute >= interval '1 day'
               AND date_trunc('day', retention_fifteen_minute) = retention_fifteen_minute),
    ADD COLUMN retention_daily interval
        CHECK (retention_daily >= interval '1 day' AND date_trunc('day', retention_daily) = retention_daily);
