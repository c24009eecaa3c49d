package org.openiwd.etl.report;

import static org.openiwd.etl.report.ReportColumn.Type.DECIMAL;
import static org.openiwd.etl.report.ReportColumn.Type.INTEGER;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.openiwd.etl.report.ReportDefinition.Chart;
import org.openiwd.etl.report.ReportDefinition.Chart.Kind;
import org.openiwd.etl.report.ReportDefinition.Dimension;
import org.openiwd.etl.report.ReportDefinition.Measure;

/**
 * The reports the console offers, each over one subject area's report views (docs/reports.md describes each).
 * Immutable; the SQL fragments are the only SQL text besides the schema and view names in a report query.
 */
public final class ReportCatalog {

    public static final ReportDefinition VOLUMES = new ReportDefinition("volumes", "Task volumes",
            "Tasks created, completed, canceled and rejected in each interval.",
            "task_classif", List.of(),
            List.of(count("created", "Created"), count("completed", "Completed"), count("canceled", "Canceled"),
                    count("rejected", "Rejected")),
            Set.of(ReportFilter.DEPARTMENT, ReportFilter.PROCESS), null, null,
            new Chart(Kind.TREND, List.of("created", "completed", "canceled", "rejected")));

    public static final ReportDefinition SERVICE_LEVEL = new ReportDefinition("service-level", "Service level",
            "Tasks completed within their due time, by department and process: service level is completed in due"
                    + " / (completed in due + completed overdue), so tasks without a due time do not count.",
            "task_classif",
            List.of(new Dimension("department_id", "Department id", "v.department_id", true),
                    new Dimension("department", "Department", "v.department_name", false),
                    new Dimension("process_id", "Process id", "v.process_id", true),
                    new Dimension("process", "Process", "v.process_name", false)),
            List.of(count("completed", "Completed"),
                    count("completed_in_due", "In due"),
                    count("completed_overdue", "Overdue"),
                    new Measure("service_level_pct", "Service level %", "round(100.0 * sum(v.completed_in_due)"
                            + " / nullif(sum(v.completed_in_due) + sum(v.completed_overdue), 0), 1)", DECIMAL, false),
                    new Measure("avg_minutes_to_complete", "Avg. minutes to complete",
                            "round(sum(v.sum_time_to_complete_sec) / nullif(sum(v.completed), 0) / 60.0, 1)",
                            DECIMAL, false)),
            Set.of(ReportFilter.DEPARTMENT, ReportFilter.PROCESS), "sum(v.completed) > 0",
            "department, department_id, process, process_id",
            new Chart(Kind.STACKED_TOTALS_BY_MEMBER, List.of("completed_in_due", "completed_overdue")));

    public static final ReportDefinition BACKLOG = new ReportDefinition("backlog", "Backlog and aging",
            "Tasks open at the end of each interval, by how long they have been open (the last snapshot of the"
                    + " interval, never a sum).",
            "task_age",
            List.of(new Dimension("age_band", "Open for", "v.age_name", false)),
            List.of(new Measure("open_tasks", "Open tasks", "sum(v.open_tasks)::bigint", INTEGER, false),
                    new Measure("avg_age_hours", "Avg. age (h)",
                            "round(sum(v.sum_age_sec) / nullif(sum(v.open_tasks), 0) / 3600.0, 2)", DECIMAL, false)),
            Set.of(ReportFilter.QUEUE, ReportFilter.PROCESS), null, "min(v.age_lower_sec)",
            new Chart(Kind.STACKED_BY_MEMBER, List.of("open_tasks")));

    public static final ReportDefinition AGENTS = new ReportDefinition("agents", "Agent productivity",
            "Tasks assigned to and completed by each agent, and the time they worked on and held them; names from"
                    + " the Info Mart.",
            "task_agent",
            List.of(new Dimension("agent_id", "Agent id", "v.agent_id", true),
                    new Dimension("agent", "Agent", "coalesce(nullif(trim(concat_ws(' ', v.agent_first_name,"
                            + " v.agent_last_name)), ''), nullif(v.agent_user_name, ''), v.agent_id)", false)),
            List.of(count("assigned", "Assigned"), count("completed", "Completed"),
                    new Measure("work_hours", "Worked (h)", "round(sum(v.work_time_sec) / 3600.0, 2)", DECIMAL, false),
                    new Measure("held_hours", "Held (h)", "round(sum(v.held_time_sec) / 3600.0, 2)", DECIMAL, false)),
            Set.of(ReportFilter.AGENT), null, "agent, agent_id",
            new Chart(Kind.TOTALS_BY_MEMBER, List.of("assigned", "completed")));

    public static final ReportDefinition QUEUES = new ReportDefinition("queues", "Queue activity",
            "Tasks that entered and left each queue.",
            "task_queue",
            List.of(new Dimension("queue_id", "Queue id", "v.queue_id", true),
                    new Dimension("queue", "Queue", "v.queue_name", false)),
            List.of(count("entered", "Entered"), count("exited", "Exited")),
            Set.of(ReportFilter.QUEUE), null, "queue, queue_id",
            new Chart(Kind.TOTALS_BY_MEMBER, List.of("entered", "exited")));

    public static final ReportDefinition CAPTURE_POINTS = new ReportDefinition("capture-points",
            "Capture points", "Tasks created, completed, canceled and rejected per capture point, and the business"
                    + " value they brought in and completed.",
            "task_capt",
            List.of(new Dimension("capture_point_id", "Capture point id", "v.capture_point_id", true),
                    new Dimension("capture_point", "Capture point", "v.capture_point_name", false)),
            List.of(count("created", "Created"), count("completed", "Completed"), count("canceled", "Canceled"),
                    count("rejected", "Rejected"),
                    count("business_value_created", "Value created", "sum_business_value_created"),
                    count("business_value_completed", "Value completed", "sum_business_value_completed")),
            Set.of(ReportFilter.CAPTURE_POINT), null, "capture_point, capture_point_id",
            new Chart(Kind.TOTALS_BY_MEMBER, List.of("created", "completed", "canceled", "rejected")));

    private static final List<ReportDefinition> ALL =
            List.of(VOLUMES, SERVICE_LEVEL, BACKLOG, AGENTS, QUEUES, CAPTURE_POINTS);

    private ReportCatalog() {
    }

    public static List<ReportDefinition> all() {
        return ALL;
    }

    public static Optional<ReportDefinition> find(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private static Measure count(String key, String label) {
        return count(key, label, key);
    }

    private static Measure count(String key, String label, String column) {
        return new Measure(key, label, "sum(v." + column + ")::bigint", INTEGER, true);
    }
}
