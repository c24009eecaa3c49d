package org.openiwd.etl.job.intraday;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

import org.openiwd.etl.feed.FeedEvent;

/**
 * Puts a page of feed events into the transaction-local table {@code stage_event} with one COPY (text format, see
 * {@link CopyText}), from which the fact writers work set-based. The custom attributes only matter for the task
 * fact, whose values per task {@link StagedTasks} stages. The table is dropped at commit or rollback.
 */
final class StagedEvents {

    static final String CREATE = """
            CREATE TEMP TABLE stage_event (
                event_id bigint, task_id bigint, capture_id text, task_version integer, type text, status text,
                occurred_at timestamptz, solution_id text, department_id text, process_id text, category_id text,
                capture_point_id text, queue_id text, previous_queue_id text, agent_id text, previous_agent_id text,
                media_type text, priority integer, business_value integer, due_at timestamptz,
                activation_at timestamptz, source_created_at timestamptz, result_code text, reason text,
                work_time_sec integer, held_time_sec integer
            ) ON COMMIT DROP""";

    /** A column of {@code stage_event} that the COPY fills, and how its value comes from an event. */
    private record Column(String name, Value value) {
    }

    private interface Value {
        void write(CopyText row, FeedEvent event) throws IOException;
    }

    /** The event's columns, in the order of the COPY's column list. */
    private static final List<Column> EVENT_COLUMNS = List.of(
            new Column("event_id", (row, e) -> row.number(e.id())),
            new Column("task_id", (row, e) -> row.number(e.taskId())),
            new Column("capture_id", (row, e) -> row.text(e.captureId())),
            new Column("task_version", (row, e) -> row.number(e.taskVersion())),
            new Column("type", (row, e) -> row.text(e.type())),
            new Column("status", (row, e) -> row.text(e.status())),
            new Column("occurred_at", (row, e) -> row.instant(e.occurredAt())),
            new Column("solution_id", (row, e) -> row.text(e.solutionId())),
            new Column("department_id", (row, e) -> row.text(e.departmentId())),
            new Column("process_id", (row, e) -> row.text(e.processId())),
            new Column("category_id", (row, e) -> row.text(e.categoryId())),
            new Column("capture_point_id", (row, e) -> row.text(e.capturePointId())),
            new Column("queue_id", (row, e) -> row.text(e.queueId())),
            new Column("previous_queue_id", (row, e) -> row.text(e.previousQueueId())),
            new Column("agent_id", (row, e) -> row.text(e.agentId())),
            new Column("previous_agent_id", (row, e) -> row.text(e.previousAgentId())),
            new Column("media_type", (row, e) -> row.text(e.mediaType())),
            new Column("priority", (row, e) -> row.integer(e.priority())),
            new Column("business_value", (row, e) -> row.integer(e.businessValue())),
            new Column("due_at", (row, e) -> row.instant(e.dueAt())),
            new Column("activation_at", (row, e) -> row.instant(e.activationAt())),
            new Column("source_created_at", (row, e) -> row.instant(e.sourceCreatedAt())),
            new Column("result_code", (row, e) -> row.text(e.resultCode())),
            new Column("reason", (row, e) -> row.text(e.reason())),
            new Column("work_time_sec", (row, e) -> row.number(e.workTimeSec())),
            new Column("held_time_sec", (row, e) -> row.number(e.heldTimeSec())));

    static final String COPY = "COPY stage_event ("
            + EVENT_COLUMNS.stream().map(Column::name).collect(Collectors.joining(", ")) + ") FROM STDIN";

    private StagedEvents() {
    }

    /**
     * Creates {@code stage_event} and COPYs the events into it, in chunks as the rows are rendered: the page's
     * COPY text is never whole in memory. A failure cancels the COPY; the caller's transaction then rolls back.
     */
    static void stage(Connection connection, List<FeedEvent> events) throws SQLException, IOException {
        try (var statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
        CopyText.copyIn(connection, COPY, row -> {
            for (FeedEvent e : events) {
                for (Column column : EVENT_COLUMNS) {
                    column.value().write(row, e);
                }
                row.endRow();
            }
        });
    }
}
