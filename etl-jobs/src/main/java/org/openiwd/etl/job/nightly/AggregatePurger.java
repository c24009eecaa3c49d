package org.openiwd.etl.job.nightly;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes aggregate rows of days before the tenant's cutoffs ({@link RetentionCutoffs}): from every table of the
 * tenant's schema named {@code h_<area>_fact_15min} (fifteen-minute retention) and {@code h_<area>_fact_day} (daily
 * retention), found by name in the catalog so a new subject area is covered without a change here. A row's day is
 * its {@code event_date_key} (yyyymmdd of the local day) where the table has one, else the local day of its
 * {@code date_time_key} (the UTC quarter-hour); a table with neither is refused with its name.
 *
 * <p>Transaction: the caller's, one statement per table. Idempotent.
 */
@Component
class AggregatePurger {

    private static final String TABLES = """
            SELECT t.table_name,
                bool_or(c.column_name = 'event_date_key') AS by_date,
                bool_or(c.column_name = 'date_time_key') AS by_interval
            FROM information_schema.tables t
            LEFT JOIN information_schema.columns c
                ON c.table_schema = t.table_schema AND c.table_name = t.table_name
            WHERE t.table_schema = ? AND t.table_type = 'BASE TABLE'
              AND t.table_name ~ '^h_[a-z0-9_]+_fact_(15min|day)$'
            GROUP BY t.table_name
            ORDER BY t.table_name""";

    private record AggregateTable(String name, boolean byDate, boolean byInterval) {
    }

    private final JdbcClient jdbc;
    private final RetentionCutoffs cutoffs;

    AggregatePurger(JdbcClient jdbc, RetentionCutoffs cutoffs) {
        this.jdbc = jdbc;
        this.cutoffs = cutoffs;
    }

    /** Returns the number of rows deleted. */
    int purge(DataMartTenant tenant) {
        RetentionCutoffs.Cutoffs cutoff = cutoffs.of(tenant);
        List<AggregateTable> tables = jdbc.sql(TABLES).param(tenant.schema())
                .query((rs, n) -> new AggregateTable(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3))).list();
        int deleted = 0;
        for (AggregateTable table : tables) {
            LocalDate first = table.name().endsWith("_15min") ? cutoff.fifteenMinute() : cutoff.daily();
            deleted += delete(tenant, table, first);
        }
        return deleted;
    }

    private int delete(DataMartTenant tenant, AggregateTable table, LocalDate first) {
        String name = tenant.schema() + "." + table.name();
        if (table.byDate()) {
            return jdbc.sql("DELETE FROM %s WHERE event_date_key < ?".formatted(name))
                    .param(dateKey(first)).update();
        }
        if (table.byInterval()) {
            return jdbc.sql("DELETE FROM %s WHERE date_time_key < ?".formatted(name))
                    .param(intervalKey(first, tenant.timeZone())).update();
        }
        throw new IllegalStateException("Aggregate table " + name + " has neither event_date_key nor date_time_key:"
                + " the retention purge cannot tell its rows' days");
    }

    private static int dateKey(LocalDate day) {
        return day.getYear() * 10_000 + day.getMonthValue() * 100 + day.getDayOfMonth();
    }

    /** The key of the first quarter-hour of the local day: epoch seconds of its UTC start / 900. */
    private static int intervalKey(LocalDate day, ZoneId zone) {
        return Math.toIntExact(Math.floorDiv(day.atStartOfDay(zone).toEpochSecond(), 900));
    }
}
