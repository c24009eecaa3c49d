-- Local days (event_date_key, yyyymmdd in the tenant's zone) whose 15-minute aggregates changed since the day
-- aggregates were last computed. The intraday aggregation adds a day in the same transaction as the 15-minute
-- rows it rewrites; nightly takes the closed ones out in the same transaction as the day rows it writes. A day
-- listed here, or with an interval still in etl_touched_interval, is not fully aggregated: its final tasks stay
-- in the i_ tables until it is.
CREATE TABLE etl_touched_day (
    event_date_key integer     PRIMARY KEY,
    touched_at     timestamptz NOT NULL DEFAULT now()
);
