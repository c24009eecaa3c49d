package org.openiwd.etl.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openiwd.etl.tenant.DataMartTenant;

/**
 * The rows of one report run: values in the order of {@link #columns()}, typed as {@link ReportColumn} says. The
 * page, the CSV and the JSON show exactly these values. When the query had more rows than allowed, {@link #rows()}
 * holds the first {@link #maxRows()} and {@link #truncated()} is true.
 *
 * @param report the report
 * @param tenant the tenant whose Data Mart was read
 * @param request the request as checked
 * @param view the view read, qualified with the tenant's schema
 * @param columns the columns: the bucket (its label, exact start and local date), dimensions, measures
 * @param rows the rows, ordered by bucket then by the report's order
 * @param truncated whether rows were left out
 * @param maxRows the most rows a report returns
 */
public record ReportResult(ReportDefinition report, DataMartTenant tenant, ReportRequest request, String view,
        List<ReportColumn> columns, List<List<Object>> rows, boolean truncated, int maxRows) {

    /** Key of the bucket label column, the first column. */
    public static final String PERIOD = "period";
    /** Key of the bucket's exact start, ISO-8601 with the tenant's offset at that instant. */
    public static final String INTERVAL_START = "interval_start";
    /** Key of the bucket's first local date. */
    public static final String LOCAL_DATE = "local_date";

    public ReportResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** What to tell a person about the rows left out, or null when none were. */
    public String message() {
        if (!truncated) {
            return null;
        }
        return "Only the first " + maxRows + " rows are shown: narrow the date range, choose a longer granularity or"
                + " add a filter to see all of them.";
    }

    /** Each row as a map from column key to value, in column order (the JSON form). */
    public List<Map<String, Object>> rowMaps() {
        return rows.stream().map(row -> {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                map.put(columns.get(i).key(), row.get(i));
            }
            return map;
        }).toList();
    }

    /** The index of a column, by key. */
    public int columnIndex(String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key().equals(key)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + key + " in report " + report.id());
    }
}
