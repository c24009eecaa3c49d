-- The backlog snapshots (AgeSnapshots) band tasks by the interval their start falls in, not by the second: exact
-- only while every age band bound is a whole number of 15-minute intervals. The shipped bands are; keep it so.
ALTER TABLE age
    ADD CONSTRAINT age_bounds_on_intervals CHECK (lower_sec % 900 = 0 AND (upper_sec IS NULL OR upper_sec % 900 = 0));
