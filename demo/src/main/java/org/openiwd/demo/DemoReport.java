package org.openiwd.demo;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Prints what the Data Mart computed, from its report views: task volumes per 15-minute interval of the tenant's
 * local day (all classifications summed, {@code iwd_agg_task_classif_fact_15min}), then from the day aggregates
 * the day by process with its service level, the agents with their Info Mart names, the queues and the backlog
 * left at the day's end by age; it checks the day's totals against the 15-minute rows and against what the
 * replay did.
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
                FROM %s.iwd_agg_task_classif_fact_day
                WHERE local_date = ?
                GROUP BY 1 ORDER BY 1""".formatted(schema))
                .param(day)
                .query((rs, n) -> row(rs)).list();
        out.println();
        out.println("The day by process, from the day aggregates nightly wrote (iwd_agg_task_classif_fact_day;"
                + " service level = completed in due / completed with a due time)");
        header(out, "process   ");
        processes.forEach(r -> line(out, r));
        if (!sum(processes).equals(total)) {
            throw new IllegalStateException("the day aggregates differ from the day's 15-minute rows");
        }

        out.println();
        out.println("Agents, names from the Info Mart (iwd_agg_task_agent_fact_day)");
        out.printf("%-28s %8s %9s %7s %7s%n", "agent", "assigned", "completed", "worked", "held");
        jdbc.sql("""
                SELECT coalesce(agent_first_name || ' ' || agent_last_name, agent_id || ' (not in the Info Mart)'),
                    assigned, completed, round(work_time_sec / 3600.0, 1), round(held_time_sec / 3600.0, 1)
                FROM %s.iwd_agg_task_agent_fact_day
                WHERE local_date = ? AND agent_key <> 0
                ORDER BY completed DESC, 1""".formatted(schema))
                .param(day)
                .query((rs, n) -> "%-28s %8d %9d %6sh %6sh".formatted(rs.getString(1), rs.getLong(2),
                        rs.getLong(3), rs.getString(4), rs.getString(5)))
                .list().forEach(out::println);

        out.println();
        out.println("Queues (iwd_agg_task_queue_fact_day) and the backlog left at the end of the day by age"
                + " (iwd_agg_task_age_fact_day)");
        out.printf("%-16s %8s %8s %8s%n", "queue", "entered", "exited", "open");
        jdbc.sql("""
                SELECT coalesce(nullif(q.queue_name, 'None'), '(no queue)'), q.entered, q.exited,
                    coalesce((SELECT sum(a.open_tasks) FROM %1$s.iwd_agg_task_age_fact_day a
                              WHERE a.local_date = q.local_date AND a.queue_key = q.queue_key), 0)
                FROM %1$s.iwd_agg_task_queue_fact_day q
                WHERE q.local_date = ?
                ORDER BY 1""".formatted(schema))
                .param(day)
                .query((rs, n) -> "%-16s %8d %8d %8d".formatted(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4)))
                .list().forEach(out::println);
        jdbc.sql("""
                SELECT age_name, sum(open_tasks) FROM %s.iwd_agg_task_age_fact_day
                WHERE local_date = ? GROUP BY age_name, age_lower_sec ORDER BY age_lower_sec""".formatted(schema))
                .param(day)
                .query((rs, n) -> "  open for %-6s %6d".formatted(rs.getString(1), rs.getLong(2)))
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
