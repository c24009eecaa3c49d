package org.openiwd.etl.aggregate;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantSchema;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The day aggregates {@code h_<area>_fact_day} of the five subject areas, recomputed from the 15-minute rows for
 * the closed days waiting in {@code etl_touched_day}: the days before the tenant's local today with no interval
 * left in {@code etl_touched_interval}. Additive measures are the sums of the day's 15-minute rows; {@code task_age}
 * takes the day's last snapshot (the one of the interval starting at 23:45), never a sum, after taking the
 * snapshots on to the end of yesterday ({@link AgeSnapshots#extendThrough}), so a quiet evening is counted too.
 * Idempotent: rows whose numbers do not change keep their audit keys, rows without a counterpart are deleted, and a
 * day taken out comes back (from {@link IntradayAggregator}) when late events change one of its intervals.
 *
 * <p>Transaction: runs in the caller's (the first step of {@code nightly}); it takes the days out of
 * {@code etl_touched_day} in the transaction that writes their rows, so a crash leaves them waiting. "Today" comes
 * from the {@link Clock} bean if there is one, else the system clock.
 */
@Component
public class DayAggregator {

    private static final DateTimeFormatter DAY_KEY = DateTimeFormatter.BASIC_ISO_DATE;

    private static final String TAKE_CLOSED = """
            DROP TABLE IF EXISTS agg_day;
            CREATE TEMP TABLE agg_day (event_date_key integer PRIMARY KEY) ON COMMIT DROP""";

    private static final String CLOSED_DAYS = """
            WITH taken AS (
                DELETE FROM etl_touched_day d
                WHERE d.event_date_key < :today
                  AND NOT EXISTS (SELECT 1 FROM etl_touched_interval t
                                  JOIN date_time dt ON dt.date_time_key = t.date_time_key
                                  WHERE dt.event_date_key = d.event_date_key)
                RETURNING d.event_date_key)
            INSERT INTO agg_day SELECT event_date_key FROM taken""";

    private static final String SUMS = """
            DROP TABLE IF EXISTS fresh_day_%1$s;
            CREATE TEMP TABLE fresh_day_%1$s ON COMMIT DROP AS
            SELECT dt.event_date_key, %2$s, %3$s
            FROM agg_day d
            JOIN date_time dt ON dt.event_date_key = d.event_date_key
            JOIN h_%1$s_fact_15min f ON f.date_time_key = dt.date_time_key
            GROUP BY dt.event_date_key, %2$s""";

    private static final String LAST_SNAPSHOT = """
            DROP TABLE IF EXISTS fresh_day_%1$s;
            CREATE TEMP TABLE fresh_day_%1$s ON COMMIT DROP AS
            SELECT dt.event_date_key, %2$s, %3$s
            FROM agg_day d
            JOIN date_time dt ON dt.event_date_key = d.event_date_key
            JOIN h_%1$s_fact_15min f ON f.date_time_key = dt.date_time_key
            WHERE f.date_time_key = (
                SELECT max(x.date_time_key) FROM date_time x
                WHERE x.event_date_key = d.event_date_key
                  AND x.date_time_key <= (SELECT through_date_time_key FROM etl_age_snapshot))""";

    private final JdbcClient jdbc;
    private final AgeSnapshots ageSnapshots;
    private final Clock clock;

    DayAggregator(JdbcClient jdbc, AgeSnapshots ageSnapshots, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.ageSnapshots = ageSnapshots;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Returns the number of closed days whose day rows were recomputed. */
    public int aggregateClosedDays(DataMartTenant tenant, long auditKey) {
        TenantSchema.enter(jdbc, tenant);
        LocalDate today = LocalDate.now(clock.withZone(tenant.timeZone()));
        long todayStarts = today.atStartOfDay(tenant.timeZone()).toEpochSecond();
        ageSnapshots.extendThrough(tenant, Math.toIntExact(Math.floorDiv(todayStarts, 900L) - 1), auditKey);
        jdbc.sql(TAKE_CLOSED).update();
        int days = jdbc.sql(CLOSED_DAYS).param("today", Integer.parseInt(today.format(DAY_KEY))).update();
        if (days == 0) {
            return 0;
        }
        jdbc.sql("ANALYZE agg_day").update();
        for (SubjectArea area : SubjectArea.values()) {
            String fresh = "fresh_day_" + area.area();
            AggregateTable table = area.day();
            jdbc.sql(freshRows(area)).update();
            jdbc.sql("ANALYZE " + fresh).update();
            jdbc.sql(table.upsert(fresh)).param("audit", auditKey).update();
            jdbc.sql(table.deleteStale(fresh, "agg_day")).update();
        }
        return days;
    }

    private static String freshRows(SubjectArea area) {
        String dimensions = String.join(", ", area.dimensions().stream().map(d -> "f." + d).toList());
        if (area.isSnapshot()) {
            return LAST_SNAPSHOT.formatted(area.area(), dimensions,
                    String.join(", ", area.measures().stream().map(m -> "f." + m).toList()));
        }
        return SUMS.formatted(area.area(), dimensions,
                String.join(", ", area.measures().stream().map(m -> "sum(f." + m + ") AS " + m).toList()));
    }
}
