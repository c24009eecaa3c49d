package org.openiwd.demo;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Prints what the Data Mart computed: task volumes per 15-minute interval of the tenant's local day (all
 * classifications summed), from the report view {@code iwd_agg_task_classif_fact_15min}, then the day by process
 * with its service level, and checks the day's totals against what the replay did.
 */
final class DemoReport {

    private final JdbcClient jdbc;
    private final String schema;

    DemoReport(JdbcClient jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    private record Row(String label, long created, long queued, long assigned, long completed, long canceled,
            long rejected, long inDue, long overdue) {
    }

    void print(PrintStream out, LocalDate day, DemoDay.Totals totals) {
        List<Row> intervals = jdbc.sql("""
                SELECT to_char(local_time, 'HH24:MI') || ' ' || lpad(to_char(utc_offset_min / 60, 'SG00'), 3),
                    sum(created), sum(queued), sum(assigned), sum(completed), sum(canceled), sum(rejected),
                    sum(completed_in_due), sum(completed_overdue)
                FROM %s.iwd_agg_task_classif_fact_15min
                WHERE local_date = ?
                GROUP BY interval_start, local_time, utc_offset_min ORDER BY interval_start""".formatted(schema))
                .param(day)
                .query((rs, n) -> row(rs)).list();
        out.println();
        out.println("Data Mart report: task volumes by 15-minute interval, " + day + " (tenant " + DemoMain.TENANT
                + ", " + DemoMain.ZONE + ", from " + schema + ".iwd_agg_task_classif_fact_15min)");
        header(out, "local  UTC");
        intervals.forEach(r -> line(out, r));
        Row total = sum(intervals);
        line(out, total);

        List<Row> processes = jdbc.sql("""
                SELECT coalesce(nullif(process_name, 'None'), '(unclassified)'),
                    sum(created), sum(queued), sum(assigned), sum(completed), sum(canceled), sum(rejected),
                    sum(completed_in_due), sum(completed_overdue)
                FROM %s.iwd_agg_task_classif_fact_15min
                WHERE local_date = ?
                GROUP BY 1 ORDER BY 1""".formatted(schema))
                .param(day)
                .query((rs, n) -> row(rs)).list();
        out.println();
        out.println("The day by process (service level = completed in due / completed with a due time)");
        header(out, "process   ");
        processes.forEach(r -> line(out, r));

        out.println();
        out.println("Agents (names from the Info Mart): tasks completed and hours worked, from the event facts");
        out.printf("%-22s %9s %7s%n", "agent", "completed", "hours");
        jdbc.sql("""
                SELECT coalesce(a.first_name || ' ' || a.last_name, a.agent_id || ' (not in the Info Mart)'),
                    count(*) FILTER (WHERE t.name = 'Completed'), round(sum(e.work_time_sec) / 3600.0, 1)
                FROM %1$s.task_event_fact e
                JOIN %1$s.agent a ON a.agent_key = e.agent_key
                JOIN %1$s.task_event_type t ON t.task_event_type_key = e.task_event_type_key
                JOIN %1$s.date_time dt ON dt.date_time_key = e.date_time_key
                WHERE e.agent_key <> 0 AND dt.local_date = ?
                GROUP BY 1 ORDER BY 2 DESC, 1""".formatted(schema))
                .param(day)
                .query((rs, n) -> "%-22s %9d %7s".formatted(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .list().forEach(out::println);

        boolean consistent = total.created() == totals.tasks() && total.completed() == totals.completed()
                && total.canceled() == totals.canceled() && total.rejected() == totals.rejected();
        out.println();
        out.println(consistent
                ? "Check: the report's created, completed, canceled and rejected equal what the replay did."
                : "Check FAILED: the report differs from the replay (" + totals + ").");
        if (!consistent) {
            throw new IllegalStateException("the report does not match the replay");
        }
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7), rs.getLong(8), rs.getLong(9));
    }

    private static Row sum(List<Row> rows) {
        return new Row("total     ", rows.stream().mapToLong(Row::created).sum(),
                rows.stream().mapToLong(Row::queued).sum(), rows.stream().mapToLong(Row::assigned).sum(),
                rows.stream().mapToLong(Row::completed).sum(), rows.stream().mapToLong(Row::canceled).sum(),
                rows.stream().mapToLong(Row::rejected).sum(), rows.stream().mapToLong(Row::inDue).sum(),
                rows.stream().mapToLong(Row::overdue).sum());
    }

    private static void header(PrintStream out, String first) {
        out.printf("%-16s %7s %7s %8s %9s %8s %8s %7s %7s %6s%n", first, "created", "queued", "assigned",
                "completed", "canceled", "rejected", "in due", "overdue", "SL");
    }

    private static void line(PrintStream out, Row r) {
        long withDue = r.inDue() + r.overdue();
        String sl = withDue == 0 ? "-" : Math.round(100.0 * r.inDue() / withDue) + "%";
        out.printf("%-16s %7d %7d %8d %9d %8d %8d %7d %7d %6s%n", r.label(), r.created(), r.queued(), r.assigned(),
                r.completed(), r.canceled(), r.rejected(), r.inDue(), r.overdue(), sl);
    }
}
