package org.openiwd.etl.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * A dimension a report can be narrowed to: the request parameter that names a member by its id, and the view
 * column it is compared with (always as a bound parameter).
 */
public enum ReportFilter {

    DEPARTMENT("department", "Department", "department_id"),
    PROCESS("process", "Process", "process_id"),
    QUEUE("queue", "Queue", "queue_id"),
    AGENT("agent", "Agent", "agent_id"),
    CAPTURE_POINT("capturePoint", "Capture point", "capture_point_id");

    private final String parameter;
    private final String label;
    private final String column;

    ReportFilter(String parameter, String label, String column) {
        this.parameter = parameter;
        this.label = label;
        this.column = column;
    }

    /** The request parameter (and JSON field) that holds the member's id. */
    public String parameter() {
        return parameter;
    }

    public String label() {
        return label;
    }

    String column() {
        return column;
    }

    public static Optional<ReportFilter> ofParameter(String parameter) {
        return Arrays.stream(values()).filter(f -> f.parameter.equals(parameter)).findFirst();
    }
}
