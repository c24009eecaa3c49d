package org.openiwd.etl.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openiwd.etl.report.ReportDefinition.Chart.Kind;
import org.openiwd.etl.report.ReportDefinition.Dimension;
import org.openiwd.etl.report.ReportDefinition.Measure;

/**
 * The data of a report's chart, in the shape Chart.js takes ({@code type}, {@code labels}, {@code datasets}),
 * made from the same rows as the table: over the buckets for trends and snapshots, or per member of the report's
 * dimensions with its additive measures summed over the rows shown.
 *
 * @param type {@code line} or {@code bar}
 * @param stacked whether the series stack
 * @param labels the x-axis labels
 * @param datasets the series
 */
public record ReportChart(String type, boolean stacked, List<String> labels, List<Dataset> datasets) {

    /** One series: its name and one value per label (null where it has none). */
    public record Dataset(String label, List<Number> data) {
    }

    /** The chart of a result, as its report's {@link ReportDefinition.Chart} says. */
    public static ReportChart of(ReportResult result) {
        ReportDefinition.Chart chart = result.report().chart();
        return switch (chart.kind()) {
            case TREND -> trend(result, chart);
            case STACKED_BY_MEMBER -> stackedByMember(result, chart);
            case TOTALS_BY_MEMBER, STACKED_TOTALS_BY_MEMBER ->
                    totalsByMember(result, chart, chart.kind() == Kind.STACKED_TOTALS_BY_MEMBER);
        };
    }

    private static ReportChart trend(ReportResult result, ReportDefinition.Chart chart) {
        int period = result.columnIndex(ReportResult.PERIOD);
        List<String> labels = result.rows().stream().map(row -> (String) row.get(period)).toList();
        List<Dataset> datasets = new ArrayList<>();
        for (String key : chart.measures()) {
            int column = result.columnIndex(key);
            datasets.add(new Dataset(result.report().measure(key).label(),
                    result.rows().stream().map(row -> (Number) row.get(column)).toList()));
        }
        return new ReportChart("line", false, labels, datasets);
    }

    private static ReportChart stackedByMember(ReportResult result, ReportDefinition.Chart chart) {
        int period = result.columnIndex(ReportResult.PERIOD);
        int value = result.columnIndex(chart.measures().getFirst());
        Map<String, Integer> labelIndex = new LinkedHashMap<>();
        Map<String, Map<Integer, Number>> series = new LinkedHashMap<>();
        for (List<Object> row : result.rows()) {
            int at = labelIndex.computeIfAbsent((String) row.get(period), k -> labelIndex.size());
            series.computeIfAbsent(member(result, row), k -> new LinkedHashMap<>()).put(at, (Number) row.get(value));
        }
        List<Dataset> datasets = new ArrayList<>();
        series.forEach((member, values) -> {
            List<Number> data = new ArrayList<>();
            for (int i = 0; i < labelIndex.size(); i++) {
                data.add(values.get(i));
            }
            datasets.add(new Dataset(member, data));
        });
        return new ReportChart("bar", true, List.copyOf(labelIndex.keySet()), datasets);
    }

    private static ReportChart totalsByMember(ReportResult result, ReportDefinition.Chart chart, boolean stacked) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        List<Measure> measures = chart.measures().stream().map(result.report()::measure).toList();
        for (Measure measure : measures) {
            if (!measure.additive()) {
                throw new IllegalStateException("Report " + result.report().id() + " totals a measure that does not"
                        + " add up: " + measure.key());
            }
        }
        List<Integer> columns = chart.measures().stream().map(result::columnIndex).toList();
        for (List<Object> row : result.rows()) {
            long[] sums = totals.computeIfAbsent(member(result, row), k -> new long[columns.size()]);
            for (int i = 0; i < columns.size(); i++) {
                Object v = row.get(columns.get(i));
                sums[i] += v == null ? 0 : ((Number) v).longValue();
            }
        }
        List<Dataset> datasets = new ArrayList<>();
        for (int i = 0; i < measures.size(); i++) {
            int at = i;
            datasets.add(new Dataset(measures.get(i).label(),
                    totals.values().stream().map(sums -> (Number) sums[at]).toList()));
        }
        return new ReportChart("bar", stacked, List.copyOf(totals.keySet()), datasets);
    }

    /** The name of a row's member: its shown dimensions, joined. */
    private static String member(ReportResult result, List<Object> row) {
        List<String> parts = new ArrayList<>();
        for (Dimension dimension : result.report().dimensions()) {
            if (!dimension.detail()) {
                Object v = row.get(result.columnIndex(dimension.key()));
                parts.add(v == null ? "" : v.toString());
            }
        }
        return String.join(" / ", parts);
    }
}
