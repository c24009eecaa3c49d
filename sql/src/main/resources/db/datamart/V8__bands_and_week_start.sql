-- Static band dimensions, shipped with the schema like status. Bounds are [lower, upper): NULL is an open end.
-- Key 0 of priority and business_value is the "none" member for tasks without a value.
CREATE TABLE priority (
    priority_key smallint PRIMARY KEY,
    name         text    NOT NULL UNIQUE,
    lower_bound  integer,
    upper_bound  integer
);
INSERT INTO priority (priority_key, name, lower_bound, upper_bound) VALUES
    (0, 'None', NULL, NULL), (1, '< 1', NULL, 1), (2, '1-9', 1, 10), (3, '10-49', 10, 50), (4, '50-99', 50, 100),
    (5, '100-499', 100, 500), (6, '500-999', 500, 1000), (7, '>= 1000', 1000, NULL);

CREATE TABLE business_value (
    business_value_key smallint PRIMARY KEY,
    name               text    NOT NULL UNIQUE,
    lower_bound        integer,
    upper_bound        integer
);
INSERT INTO business_value (business_value_key, name, lower_bound, upper_bound) VALUES
    (0, 'None', NULL, NULL), (1, '< 1', NULL, 1), (2, '1-9', 1, 10), (3, '10-49', 10, 50), (4, '50-99', 50, 100),
    (5, '100-499', 100, 500), (6, '500-999', 500, 1000), (7, '>= 1000', 1000, NULL);

-- Backlog age bands of task_age: the age of an open task at an interval's end, in seconds, [lower_sec, upper_sec).
CREATE TABLE age (
    age_key   smallint PRIMARY KEY,
    name      text    NOT NULL UNIQUE,
    lower_sec integer NOT NULL,
    upper_sec integer,
    CHECK (upper_sec IS NULL OR upper_sec > lower_sec)
);
INSERT INTO age (age_key, name, lower_sec, upper_sec) VALUES
    (1, '< 1h', 0, 3600), (2, '1-4h', 3600, 14400), (3, '4-8h', 14400, 28800), (4, '8-24h', 28800, 86400),
    (5, '1-2d', 86400, 172800), (6, '2-3d', 172800, 259200), (7, '3-7d', 259200, 604800),
    (8, '7-14d', 604800, 1209600), (9, '14-30d', 1209600, 2592000), (10, '> 30d', 2592000, NULL);

-- The first day of the tenant's reporting week, as an ISO day number (1 = Monday ... 7 = Sunday).
ALTER TABLE tenant ADD COLUMN week_start smallint NOT NULL DEFAULT 1 CHECK (week_start BETWEEN 1 AND 7);

-- Day aggregation and the day views find a local day's intervals by its key.
CREATE INDEX date_time_event_date ON date_time (event_date_key);
