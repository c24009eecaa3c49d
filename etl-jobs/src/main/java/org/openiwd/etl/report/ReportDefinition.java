package org.openiwd.etl.report;

import java.util.List;
import java.util.Set;

/**
 * What one report reads and shows: the subject area whose {@code iwd_agg_<area>_fact_<granularity>} views it
 * queries, the dimensions it groups each bucket by, its measures (aggregate expressions over the view's columns,
 * alias {@code v}), the filters that apply, and its chart. SQL fragments here are constants of the
 * {@link ReportCatalog}, never request input.
 *
 * @param id the report's name in URLs ({@code /console/reports/<id>})
 * @param title the page's heading
 * @param summary one sentence on what it shows
 * @param area the subject area, e.g. {@code task_classif}
 * @param dimensions the columns each bucket is grouped by, in order
 * @param measures the numbers of each row
 * @param filters the dimensions a request may narrow the report to
 * @param having a condition on the grouped row ({@code HAVING}), or null
 * @param order the ordering of a bucket's rows (output column keys or aggregate expressions), or null for the
 *     dimensions' order
 * @param chart what the chart draws
 */
public record ReportDefinition(String id, String title, String summary, String area, List<Dimension> dimensions,
        List<Measure> measures, Set<ReportFilter> filters, String having, String order, Chart chart) {

    /**
     * A grouping column.
     *
     * @param key CSV and JSON name
     * @param label table header
     * @param sql expression over the view's columns
     * @param detail whether only the CSV and JSON show it
     */
    public record Dimension(String key, String label, String sql, boolean detail) {
    }

    /**
     * A number of each row.
     *
     * @param key CSV and JSON name
     * @param label table header
     * @param sql aggregate expression over the view's columns
     * @param type {@code INTEGER} (a count or a sum) or {@code DECIMAL} (a rate or an average, rounded in SQL)
     * @param additive whether totals over several rows are the sums of the rows' values
     */
    public record Measure(String key, String label, String sql, ReportColumn.Type type, boolean additive) {
    }

    /**
     * The chart of a report.
     *
     * @param kind how rows become series
     * @param measures keys of the measures drawn
     */
    public record Chart(Kind kind, List<String> measures) {

        /** Ways to draw a report. */
        public enum Kind {
            /** One line per measure over the buckets. */
            TREND,
            /** Stacked bars over the buckets, one series per member of the dimensions, of the first measure. */
            STACKED_BY_MEMBER,
            /** Bars per member of the dimensions, one series per measure, totalled over the range. */
            TOTALS_BY_MEMBER,
            /** As {@link #TOTALS_BY_MEMBER}, with the measures stacked. */
            STACKED_TOTALS_BY_MEMBER
        }
    }

    /** The report view of this report's area at a granularity, without schema. */
    String view(Granularity granularity) {
        return "iwd_agg_" + area + "_fact_" + granularity.viewSuffix();
    }

    Measure measure(String key) {
        return measures.stream().filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no measure " + key + " in report " + id));
    }
}
