package org.openiwd.etl.job.intraday;

import java.time.ZoneId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes sure the {@code date_time} and {@code event_date} rows exist for the 15-minute intervals of the staged
 * events, in the tenant's zone: each interval keyed by its UTC start, with the local date, time and offset as
 * they were then, so DST days get exactly their real quarter-hours. Idempotent; runs in the caller's transaction
 * with the tenant schema on the search path.
 */
@Component
class CalendarRows {

    private static final String CREATE = """
            CREATE TEMP TABLE stage_interval (date_time_key integer, interval_start timestamptz,
                local_start timestamp) ON COMMIT DROP""";

    // Bound parameters are not allowed in CREATE TABLE AS, hence create, then insert.
    private static final String INTERVALS = """
            INSERT INTO stage_interval
            SELECT k AS date_time_key, to_timestamp(k * 900::bigint) AS interval_start,
                to_timestamp(k * 900::bigint) AT TIME ZONE :zone AS local_start
            FROM (SELECT DISTINCT floor(extract(epoch FROM occurred_at) / 900)::integer AS k FROM stage_event) x
            WHERE NOT EXISTS (SELECT 1 FROM date_time dt WHERE dt.date_time_key = x.k)""";

    private static final String DATES = """
            INSERT INTO event_date (event_date_key, calendar_date, year, quarter, month, day_of_month,
                iso_day_of_week, iso_week)
            SELECT DISTINCT to_char(d, 'YYYYMMDD')::integer, d, extract(year FROM d), extract(quarter FROM d),
                extract(month FROM d), extract(day FROM d), extract(isodow FROM d), extract(week FROM d)
            FROM (SELECT local_start::date AS d FROM stage_interval) x
            ON CONFLICT (event_date_key) DO NOTHING""";

    private static final String TIMES = """
            INSERT INTO date_time (date_time_key, interval_start, local_date, local_time, utc_offset_min,
                event_date_key)
            SELECT date_time_key, interval_start, local_start::date, local_start::time,
                (extract(epoch FROM local_start - (interval_start AT TIME ZONE 'UTC')) / 60)::smallint,
                to_char(local_start::date, 'YYYYMMDD')::integer
            FROM stage_interval
            ON CONFLICT (date_time_key) DO NOTHING""";

    private final JdbcClient jdbc;

    CalendarRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void ensureFromStage(ZoneId zone) {
        jdbc.sql(CREATE).update();
        jdbc.sql(INTERVALS).param("zone", zone.getId()).update();
        jdbc.sql(DATES).update();
        jdbc.sql(TIMES).update();
    }
}
