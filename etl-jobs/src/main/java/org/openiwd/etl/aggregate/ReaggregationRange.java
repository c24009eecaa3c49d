package org.openiwd.etl.aggregate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Marks every 15-minute interval of a range of the tenant's local days as touched ({@code etl_touched_interval}),
 * so that the next {@link IntradayAggregator} run recomputes them from the facts, and the days after them (through
 * {@code etl_touched_day}, which the aggregator fills) get their day rows again at the next {@link DayAggregator}
 * run. This is the Data Mart's reprocessing (backfill) of a date range: aggregates are rebuilt from the facts
 * already loaded; the facts themselves are not reloaded (a full reload is a rebuild from the feed).
 *
 * <p>Transaction: joins the caller's; idempotent.
 */
@Component
public class ReaggregationRange {

    /** The longest range one call marks, in days. */
    public static final int MAX_DAYS = 400;

    private final JdbcClient jdbc;

    ReaggregationRange(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Marks the intervals of the local days {@code from} to {@code to}, both included; returns how many. */
    public int mark(DataMartTenant tenant, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("The range ends (" + to + ") before it starts (" + from + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new IllegalArgumentException("At most " + MAX_DAYS + " days can be reprocessed at once");
        }
        long first = from.atStartOfDay(tenant.timeZone()).toEpochSecond() / 900;
        long end = to.plusDays(1).atStartOfDay(tenant.timeZone()).toEpochSecond() / 900;
        return jdbc.sql("""
                INSERT INTO %s.etl_touched_interval (date_time_key)
                SELECT k FROM generate_series(CAST(? AS integer), CAST(? AS integer)) k
                ON CONFLICT (date_time_key) DO NOTHING""".formatted(tenant.schema()))
                .params(first, end - 1).update();
    }
}
