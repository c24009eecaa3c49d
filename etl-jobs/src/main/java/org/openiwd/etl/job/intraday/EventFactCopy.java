package org.openiwd.etl.job.intraday;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

import org.openiwd.etl.feed.FeedEvent;

/**
 * COPYs a page's events straight into {@code i_task_event_fact}, in the fact's shape: the keys resolved in Java
 * ({@link DimensionKeys}), the 15-minute interval computed, the run's audit key on both audit columns. The rows go
 * to the server in PostgreSQL's binary form, in chunks as they are written ({@link CopyRows}), so the page's
 * COPY data is never whole in memory. The table's primary key refuses an event already loaded: the caller leaves
 * those out first.
 *
 * <p>Transaction: the caller's; a failure cancels the COPY and the page rolls back.
 */
final class EventFactCopy {

    /** A column of {@code i_task_event_fact}, and how its value comes from an event and its keys. */
    private record Column(String name, Value value) {
    }

    private interface Value {
        void write(CopyRows row, FeedEvent event, DimensionKeys.EventKeys keys) throws IOException;
    }

    /** The fact's columns but the two audit keys, in the order of the COPY's column list. */
    private static final List<Column> COLUMNS = List.of(
            new Column("event_id", (row, e, k) -> row.int8(e.id())),
            new Column("task_id", (row, e, k) -> row.int8(e.taskId())),
            new Column("capture_id", (row, e, k) -> row.text(e.captureId())),
            new Column("task_version", (row, e, k) -> row.int4(e.taskVersion())),
            new Column("task_event_type_key", (row, e, k) -> row.int2(k.type())),
            new Column("status_key", (row, e, k) -> row.int2(k.status())),
            new Column("occurred_at", (row, e, k) -> row.instant(e.occurredAt())),
            new Column("date_time_key", (row, e, k) -> row.int4(k.dateTime())),
            new Column("solution_key", (row, e, k) -> row.int4(k.solution())),
            new Column("department_key", (row, e, k) -> row.int4(k.department())),
            new Column("process_key", (row, e, k) -> row.int4(k.process())),
            new Column("category_key", (row, e, k) -> row.int4(k.category())),
            new Column("capture_point_key", (row, e, k) -> row.int4(k.capturePoint())),
            new Column("queue_key", (row, e, k) -> row.int4(k.queue())),
            new Column("previous_queue_key", (row, e, k) -> row.int4(k.previousQueue())),
            new Column("agent_key", (row, e, k) -> row.int4(k.agent())),
            new Column("previous_agent_key", (row, e, k) -> row.int4(k.previousAgent())),
            new Column("media_type_key", (row, e, k) -> row.int4(k.mediaType())),
            new Column("result_code_key", (row, e, k) -> row.int4(k.resultCode())),
            new Column("priority", (row, e, k) -> row.int4(e.priority())),
            new Column("business_value", (row, e, k) -> row.int4(e.businessValue())),
            new Column("due_at", (row, e, k) -> row.instant(e.dueAt())),
            new Column("activation_at", (row, e, k) -> row.instant(e.activationAt())),
            new Column("source_created_at", (row, e, k) -> row.instant(e.sourceCreatedAt())),
            new Column("reason", (row, e, k) -> row.text(e.reason())),
            new Column("work_time_sec", (row, e, k) -> row.int4(e.workTimeSec())),
            new Column("held_time_sec", (row, e, k) -> row.int4(e.heldTimeSec())));

    static final String COPY = "COPY i_task_event_fact ("
            + COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "))
            + ", created_etl_audit_key, updated_etl_audit_key) FROM STDIN (FORMAT binary)";

    private EventFactCopy() {
    }

    /** COPYs the events' fact rows; returns the number of rows written. */
    static int copy(Connection connection, List<FeedEvent> events, DimensionKeys.Keys keys, long auditKey)
            throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        CopyRows.copyIn(connection, COPY, row -> {
            for (FeedEvent e : events) {
                DimensionKeys.EventKeys k = keys.of(e);
                for (Column column : COLUMNS) {
                    column.value().write(row, e, k);
                }
                row.int8(auditKey).int8(auditKey).endRow();
            }
        });
        return events.size();
    }
}
