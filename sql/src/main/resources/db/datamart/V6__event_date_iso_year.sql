-- The ISO week belongs to the ISO year (2027-01-01 is in week 53 of 2026), which differs from the calendar year
-- around New Year: keep both, so weekly reports group correctly.
ALTER TABLE event_date ADD COLUMN iso_year smallint;
UPDATE event_date SET iso_year = extract(isoyear FROM calendar_date);
ALTER TABLE event_date ALTER COLUMN iso_year SET NOT NULL;
