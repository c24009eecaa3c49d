package org.openiwd.etl.job.intraday;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.openiwd.etl.feed.FeedEvent;
import org.postgresql.PGConnection;

/**
 * Puts a page of feed events into the transaction-local table {@code stage_event} with one COPY (text format, see
 * {@link CopyText}), from which the fact writers work set-based, with the custom attributes already rendered by
 * the tenant's mapping. The table is dropped at commit or rollback.
 */
final class StagedEvents {

    static final String CREATE = """
            CREATE TEMP TABLE stage_event (
                event_id bigint, task_id bigint, capture_id text, task_version integer, type text, status text,
                occurred_at timestamptz, solution_id text, department_id text, process_id text, category_id text,
                capture_point_id text, queue_id text, previous_queue_id text, agent_id text, previous_agent_id text,
                media_type text, priority integer, business_value integer, due_at timestamptz,
                activation_at timestamptz, source_created_at timestamptz, result_code text, reason text,
                work_time_sec integer, held_time_sec integer,
                custom_attribute1 text, custom_attribute2 text, custom_attribute3 text, custom_attribute4 text,
                custom_attribute5 text, custom_attribute6 text, custom_attribute7 text, custom_attribute8 text,
                custom_attribute9 text, custom_attribute10 text,
                custom_dim1 text, custom_dim2 text, custom_dim3 text, custom_dim4 text, custom_dim5 text
            ) ON COMMIT DROP""";

    /** The columns of {@code stage_event} before the custom attributes. */
    private static final int EVENT_COLUMNS = 26;

    private StagedEvents() {
    }

    static void stage(Connection connection, List<FeedEvent> events, CustomAttributeMapping mapping)
            throws SQLException, IOException {
        try (var statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
        CopyText rows = new CopyText(events.size() * 320);
        for (FeedEvent e : events) {
            Map<String, Object> attributes = e.attributes();
            String[] columns = mapping.columnValues(attributes);
            String[] dimension = mapping.dimensionValues(attributes);
            Object[] row = Arrays.copyOf(new Object[] {e.id(), e.taskId(), e.captureId(), e.taskVersion(), e.type(),
                e.status(), e.occurredAt(), e.solutionId(), e.departmentId(), e.processId(), e.categoryId(),
                e.capturePointId(), e.queueId(), e.previousQueueId(), e.agentId(), e.previousAgentId(), e.mediaType(),
                e.priority(), e.businessValue(), e.dueAt(), e.activationAt(), e.sourceCreatedAt(), e.resultCode(),
                e.reason(), e.workTimeSec(), e.heldTimeSec()}, EVENT_COLUMNS + columns.length + dimension.length);
            System.arraycopy(columns, 0, row, EVENT_COLUMNS, columns.length);
            System.arraycopy(dimension, 0, row, EVENT_COLUMNS + columns.length, dimension.length);
            rows.row(row);
        }
        connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY stage_event FROM STDIN", rows.inputStream());
    }
}
