package org.openiwd.etl.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The time buckets of the report views. Intraday granularities read the views built on the 15-minute rows (their
 * buckets carry a local time and UTC offset, so the two 02:xx hours of a fall-back night stay apart); the others
 * read the day-blended views, whose bucket is the period starting on {@code local_date}.
 */
public enum Granularity {

    MIN_15("15min", "15 minutes", null),
    MIN_30("30min", "30 minutes", null),
    HOUR("hour", "Hour", null),
    DAY("day", "Day", "1 day"),
    WEEK("week", "Week", "7 days"),
    MONTH("month", "Month", "1 month"),
    QUARTER("qrtr", "Quarter", "3 months"),
    YEAR("year", "Year", "1 year");

    private static final DateTimeFormatter INTRADAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx", Locale.ROOT);

    private final String viewSuffix;
    private final String label;
    private final String periodLength;

    Granularity(String viewSuffix, String label, String periodLength) {
        this.viewSuffix = viewSuffix;
        this.label = label;
        this.periodLength = periodLength;
    }

    /** The suffix of the report views of this granularity, as in {@code iwd_agg_task_queue_fact_<suffix>}. */
    public String viewSuffix() {
        return viewSuffix;
    }

    /** The name used in URLs and JSON: the view suffix, with {@code quarter} for {@code qrtr}. */
    public String id() {
        return this == QUARTER ? "quarter" : viewSuffix;
    }

    public String label() {
        return label;
    }

    /** Whether buckets are parts of a day (their views have {@code local_time} and {@code utc_offset_min}). */
    public boolean intraday() {
        return periodLength == null;
    }

    /** The length of a day-or-longer period, as a PostgreSQL interval literal; null for intraday buckets. */
    String periodLength() {
        return periodLength;
    }

    /** Parses {@link #id()} (also the view suffix {@code qrtr}), ignoring case. */
    public static Optional<Granularity> parse(String text) {
        return Arrays.stream(values())
                .filter(g -> g.id().equalsIgnoreCase(text) || g.viewSuffix.equalsIgnoreCase(text))
                .findFirst();
    }

    /**
     * The label of one bucket: local date, time and offset of an intraday bucket ({@code 2026-10-25 02:00 +01:00}),
     * else the period it starts ({@code 2026-03-02}, {@code 2026-03}, {@code 2026-Q1}, {@code 2026}).
     */
    String bucketLabel(OffsetDateTime localStart, LocalDate localDate) {
        return switch (this) {
            case MIN_15, MIN_30, HOUR -> INTRADAY.format(localStart);
            case DAY, WEEK -> localDate.toString();
            case MONTH -> localDate.toString().substring(0, 7);
            case QUARTER -> localDate.getYear() + "-Q" + ((localDate.getMonthValue() - 1) / 3 + 1);
            case YEAR -> String.valueOf(localDate.getYear());
        };
    }
}
