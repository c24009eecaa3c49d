package org.openiwd.etl.report;

/**
 * One column of a report's rows.
 *
 * @param key the stable name used as CSV header and JSON field
 * @param label what the page's table header shows
 * @param type how its values are typed: {@code TEXT} values are strings (dates and instants in ISO-8601),
 *     {@code INTEGER} values are {@link Long}, {@code DECIMAL} values {@link java.math.BigDecimal} with a fixed
 *     scale; any value may be null where the measure is undefined (a rate without a denominator)
 * @param detail whether only the CSV and JSON carry it (ids, exact instants), not the page's table
 */
public record ReportColumn(String key, String label, Type type, boolean detail) {

    /** Value types of report columns. */
    public enum Type {
        TEXT, INTEGER, DECIMAL;

        public boolean numeric() {
            return this != TEXT;
        }
    }
}
