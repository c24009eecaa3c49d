package org.openiwd.api.search;

/**
 * The task fields a search filters on by equality: the query parameter (a comma-separated list of values, any of
 * which matches), the column of table {@code task} and the keyword field of the Elasticsearch document.
 */
enum TaskField {

    STATUS("status", "status"),
    QUEUE("queueId", "queue_id"),
    DEPARTMENT("departmentId", "department_id"),
    PROCESS("processId", "process_id"),
    CATEGORY("categoryId", "category_id"),
    CAPTURE_POINT("capturePointId", "capture_point_id"),
    AGENT("agentId", "agent_id"),
    SOLUTION("solutionId", "solution_id"),
    MEDIA_TYPE("mediaType", "media_type");

    private final String wireName;
    private final String column;

    TaskField(String wireName, String column) {
        this.wireName = wireName;
        this.column = column;
    }

    /** The query parameter and the document field. */
    String wireName() {
        return wireName;
    }

    String column() {
        return column;
    }

    static TaskField fromWire(String name) {
        for (TaskField field : values()) {
            if (field.wireName.equals(name)) {
                return field;
            }
        }
        return null;
    }
}
