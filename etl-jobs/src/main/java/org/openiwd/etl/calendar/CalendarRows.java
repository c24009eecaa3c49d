package org.openiwd.etl.calendar;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes sure the {@code date_time} and {@code event_date} rows exist, in the tenant's zone: each 15-minute
 * interval keyed by its UTC start ({@code epoch / 900}), with the local date, time and UTC offset as they were
 * then, so a DST day gets exactly its real quarter-hours (92 or 100 in most zones) and the two 01:xx hours of a
 * fall-back night stay apart. Idempotent; runs in the caller's transaction with the tenant schema on the search
 * path.
 */
@Component
public class CalendarRows {

    private static final String CREATE = """
            CREATE TEMP TABLE IF NOT EXISTS stage_interval (date_time_key integer, interval_start timestamptz,
                local_start timestamp) ON COMMIT DROP""";

    // Bound parameters are not allowed in CREATE TABLE AS, hence create, then insert.
    private static final String KEYS = """
            INSERT INTO stage_interval
            SELECT k, to_timestamp(k * 900::bigint), to_timestamp(k * 900::bigint) AT TIME ZONE ?
            FROM unnest(?::integer[]) k
            WHERE NOT EXISTS (SELECT 1 FROM date_time dt WHERE dt.date_time_key = k)""";

    private static final String RANGE = """
            INSERT INTO stage_interval
            SELECT k, to_timestamp(k * 900::bigint), to_timestamp(k * 900::bigint) AT TIME ZONE :zone
            FROM generate_series(floor(extract(epoch FROM CAST(:from AS timestamptz)) / 900)::integer,
                                 ceil(extract(epoch FROM CAST(:to AS timestamptz)) / 900)::integer - 1) k
            WHERE NOT EXISTS (SELECT 1 FROM date_time dt WHERE dt.date_time_key = k)""";

    private static final String DATES = """
            INSERT INTO event_date (event_date_key, calendar_date, year, quarter, month, day_of_month,
                iso_day_of_week, iso_week, iso_year)
            SELECT DISTINCT to_char(d, 'YYYYMMDD')::integer, d, extract(year FROM d), extract(quarter FROM d),
                extract(month FROM d), extract(day FROM d), extract(isodow FROM d), extract(week FROM d),
                extract(isoyear FROM d)
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

    /** The intervals {@code keys} ({@code date_time_key}s: UTC epoch seconds / 900). */
    public void ensureIntervals(ZoneId zone, int[] keys) {
        jdbc.sql(CREATE).update();
        jdbc.sql(KEYS).params(zone.getId(), keys).update();
        write();
    }

    /** Every interval from {@code from} (inclusive) to {@code to} (exclusive); returns how many were new. */
    public int ensureRange(ZoneId zone, Instant from, Instant to) {
        jdbc.sql(CREATE).update();
        int added = jdbc.sql(RANGE).param("zone", zone.getId()).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to)).update();
        write();
        return added;
    }

    private void write() {
        jdbc.sql(DATES).update();
        jdbc.sql(TIMES).update();
        jdbc.sql("TRUNCATE stage_interval").update();
    }
}
