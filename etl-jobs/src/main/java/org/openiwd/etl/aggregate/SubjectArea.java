package org.openiwd.etl.aggregate;

import java.util.ArrayList;
import java.util.List;

/**
 * The five subject areas of the aggregates: their dimension keys and measures, the same in the 15-minute and the
 * day table. {@code task_age} is a snapshot: its day row is the day's last 15-minute snapshot, never a sum.
 */
enum SubjectArea {

    TASK_CLASSIF("task_classif", List.of("solution_key", "department_key", "process_key", "category_key"),
            List.of("created", "queued", "assigned", "completed", "canceled", "rejected", "completed_in_due",
                    "completed_overdue", "sum_time_to_complete_sec"), false),
    TASK_QUEUE("task_queue", List.of("queue_key"), List.of("entered", "exited"), false),
    TASK_AGENT("task_agent", List.of("agent_key"),
            List.of("assigned", "completed", "work_time_sec", "held_time_sec"), false),
    TASK_CAPT("task_capt", List.of("capture_point_key"),
            List.of("created", "completed", "canceled", "rejected", "sum_business_value_created",
                    "sum_business_value_completed"), false),
    TASK_AGE("task_age", List.of("age_key", "queue_key", "process_key"), List.of("open_tasks", "sum_age_sec"),
            true);

    private final String area;
    private final List<String> dimensions;
    private final List<String> measures;
    private final boolean snapshot;

    SubjectArea(String area, List<String> dimensions, List<String> measures, boolean snapshot) {
        this.area = area;
        this.dimensions = dimensions;
        this.measures = measures;
        this.snapshot = snapshot;
    }

    String area() {
        return area;
    }

    List<String> dimensions() {
        return dimensions;
    }

    List<String> measures() {
        return measures;
    }

    boolean isSnapshot() {
        return snapshot;
    }

    AggregateTable quarterHour() {
        return new AggregateTable("h_" + area + "_fact_15min", keys("date_time_key"), measures);
    }

    AggregateTable day() {
        return new AggregateTable("h_" + area + "_fact_day", keys("event_date_key"), measures);
    }

    private List<String> keys(String time) {
        List<String> keys = new ArrayList<>();
        keys.add(time);
        keys.addAll(dimensions);
        return List.copyOf(keys);
    }
}
