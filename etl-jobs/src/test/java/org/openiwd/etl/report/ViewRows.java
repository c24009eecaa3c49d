package org.openiwd.etl.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a report must show, read straight from the report views with plain SQL (sums per bucket and member, no
 * report code) and finished in Java: the range kept by local date (intraday) or by period overlap, and the rates
 * and averages computed from the sums. Rows come out in a canonical text form that {@link #of(ReportResult)}
 * also gives for a report's own rows: the bucket's instant, every dimension, every measure.
 */
final class ViewRows {

    private final JdbcClient jdbc;

    ViewRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A report's rows in canonical form. */
    static List<String> of(ReportResult result) {
        int start = result.columnIndex(ReportResult.INTERVAL_START);
        int firstOther = result.columnIndex(ReportResult.LOCAL_DATE) + 1;
        return result.rows().stream().map(row -> {
            List<String> parts = new ArrayList<>();
            parts.add(OffsetDateTime.parse((String) row.get(start)).toInstant().toString());
            for (Object value : row.subList(firstOther, row.size())) {
                parts.add(value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value));
            }
            return String.join(" | ", parts);
        }).toList();
    }

    /** The rows the report must show for the request, in canonical form. */
    List<String> expected(ReportDefinition report, ReportRequest request) {
        return rows(report, request).stream().map(ViewRow::canonical).toList();
    }

    /**
     * The rows the report must show for the request, read from the view of its area and granularity: the cells
     * the page's table must have, in the tenant's zone.
     */
    List<List<String>> expectedCells(ReportDefinition report, ReportRequest request, java.time.ZoneId zone) {
        return rows(report, request).stream().map(row -> row.cells(request.granularity(), zone)).toList();
    }

    private List<ViewRow> rows(ReportDefinition report, ReportRequest request) {
        Granularity granularity = request.granularity();
        String view = ReportDay.SCHEMA + ".iwd_agg_" + report.area() + "_fact_" + granularity.viewSuffix();
        Shape shape = Shape.of(report.id());
        StringBuilder sql = new StringBuilder("SELECT interval_start, local_date");
        shape.dimensions.forEach(d -> sql.append(", ").append(d));
        shape.sums.forEach(s -> sql.append(", sum(").append(s).append(")::bigint"));
        sql.append(" FROM ").append(view).append(" WHERE true");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<ReportFilter, String> filter : request.filters().entrySet()) {
            sql.append(" AND ").append(switch (filter.getKey()) {
                case DEPARTMENT -> "department_id";
                case PROCESS -> "process_id";
                case QUEUE -> "queue_id";
                case AGENT -> "agent_id";
                case CAPTURE_POINT -> "capture_point_id";
            }).append(" = ?");
            params.add(filter.getValue());
        }
        sql.append(" GROUP BY interval_start, local_date");
        shape.dimensions.forEach(d -> sql.append(", ").append(d));
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> raw(rs, shape)).list().stream()
                .filter(raw -> inRange(raw.localDate, request))
                .filter(raw -> shape.id.equals("service-level") ? raw.sums[0] > 0 : true)
                .map(raw -> raw.row(shape))
                .toList();
    }

    /**
     * One row as the views give it.
     *
     * @param start the bucket's start
     * @param localDate its first local date
     * @param dimensions every dimension, as the report's columns have them (ids and names)
     * @param shownDimensions the dimensions the page's table shows
     * @param measures the measures, as text
     */
    record ViewRow(OffsetDateTime start, LocalDate localDate, List<String> dimensions, List<String> shownDimensions,
            List<String> measures) {

        String canonical() {
            List<String> parts = new ArrayList<>();
            parts.add(start.toInstant().toString());
            parts.addAll(dimensions);
            parts.addAll(measures);
            return String.join(" | ", parts);
        }

        /** The table cells: the bucket's label, the shown dimensions, the measures ("–" where undefined). */
        List<String> cells(Granularity granularity, java.time.ZoneId zone) {
            List<String> cells = new ArrayList<>();
            cells.add(switch (granularity) {
                case MIN_15, MIN_30, HOUR -> java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx")
                        .format(start.atZoneSameInstant(zone));
                case DAY, WEEK -> localDate.toString();
                case MONTH -> localDate.getYear() + "-" + String.format("%02d", localDate.getMonthValue());
                case QUARTER -> localDate.getYear() + "-Q" + (localDate.getMonthValue() + 2) / 3;
                case YEAR -> String.valueOf(localDate.getYear());
            });
            cells.addAll(shownDimensions);
            measures.forEach(m -> cells.add(m.equals("null") ? "–" : m));
            return cells;
        }
    }

    private static boolean inRange(LocalDate start, ReportRequest request) {
        Granularity g = request.granularity();
        if (g.intraday()) {
            return !start.isBefore(request.from()) && !start.isAfter(request.to());
        }
        LocalDate end = switch (g) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
            default -> start.plusYears(1);
        };
        return !start.isAfter(request.to()) && end.isAfter(request.from());
    }

    private static Raw raw(ResultSet rs, Shape shape) throws SQLException {
        int column = 1;
        OffsetDateTime start = rs.getObject(column++, OffsetDateTime.class);
        LocalDate localDate = rs.getObject(column++, LocalDate.class);
        List<String> dims = new ArrayList<>();
        for (int i = 0; i < shape.dimensions.size(); i++) {
            dims.add(rs.getString(column++));
        }
        long[] sums = new long[shape.sums.size()];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = rs.getLong(column++);
        }
        return new Raw(start, localDate, dims, sums);
    }

    private record Raw(OffsetDateTime start, LocalDate localDate, List<String> dims, long[] sums) {

        ViewRow row(Shape shape) {
            List<String> dimensions = shape.id.equals("agents") ? List.of(dims.get(0), agentName(dims)) : dims;
            List<String> shown = switch (shape.id) {
                case "volumes" -> List.of();
                case "service-level" -> List.of(dims.get(1), dims.get(3));
                case "backlog" -> dims;
                default -> List.of(dimensions.get(1));
            };
            long[] s = sums;
            List<String> measures = switch (shape.id) {
                case "service-level" -> Stream.of(s[0], s[1], s[2], ratio(100 * s[1], s[1] + s[2], 1),
                        ratio(s[3], s[0] * 60, 1)).map(String::valueOf).toList();
                case "backlog" -> Stream.of(s[0], ratio(s[1], s[0] * 3600, 2)).map(String::valueOf).toList();
                case "agents" -> Stream.of(s[0], s[1], ratio(s[2], 3600, 2), ratio(s[3], 3600, 2))
                        .map(String::valueOf).toList();
                default -> java.util.Arrays.stream(s).mapToObj(String::valueOf).toList();
            };
            return new ViewRow(start, localDate, dimensions, shown, measures);
        }

        private static String agentName(List<String> dims) {
            String full = Stream.of(dims.get(1), dims.get(2)).filter(p -> p != null).reduce((a, b) -> a + " " + b)
                    .orElse("").strip();
            if (!full.isEmpty()) {
                return full;
            }
            return dims.get(3) != null && !dims.get(3).isEmpty() ? dims.get(3) : dims.get(0);
        }

        private static String ratio(long numerator, long denominator, int scale) {
            return denominator == 0 ? "null" : BigDecimal.valueOf(numerator)
                    .divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP).toPlainString();
        }
    }

    /** The raw view columns of a report: its dimensions and the measures it sums. */
    private record Shape(String id, List<String> dimensions, List<String> sums) {

        static Shape of(String id) {
            return switch (id) {
                case "volumes" -> new Shape(id, List.of(), List.of("created", "completed", "canceled", "rejected"));
                case "service-level" -> new Shape(id,
                        List.of("department_id", "department_name", "process_id", "process_name"),
                        List.of("completed", "completed_in_due", "completed_overdue", "sum_time_to_complete_sec"));
                case "backlog" -> new Shape(id, List.of("age_name"), List.of("open_tasks", "sum_age_sec"));
                case "agents" -> new Shape(id,
                        List.of("agent_id", "agent_first_name", "agent_last_name", "agent_user_name"),
                        List.of("assigned", "completed", "work_time_sec", "held_time_sec"));
                case "queues" -> new Shape(id, List.of("queue_id", "queue_name"), List.of("entered", "exited"));
                case "capture-points" -> new Shape(id, List.of("capture_point_id", "capture_point_name"),
                        List.of("created", "completed", "canceled", "rejected", "sum_business_value_created",
                                "sum_business_value_completed"));
                default -> throw new IllegalArgumentException(id);
            };
        }
    }

}
