package org.openiwd.etl.job.intraday;

import java.io.IOException;
import java.io.StringWriter;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.openiwd.etl.feed.FeedEvent;
import org.postgresql.PGConnection;

/**
 * Puts a page of feed events into the transaction-local table {@code stage_event} with one COPY, from which the
 * fact writers work set-based, with the custom attributes already rendered by the tenant's mapping. The table is
 * dropped at commit or rollback.
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

    private StagedEvents() {
    }

    static void stage(Connection connection, List<FeedEvent> events, CustomAttributeMapping mapping)
            throws SQLException, IOException {
        try (var statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
        StringWriter rows = new StringWriter(events.size() * 256);
        for (FeedEvent e : events) {
            Object[] fields = {e.id(), e.taskId(), e.captureId(), e.taskVersion(), e.type(), e.status(),
                e.occurredAt(), e.solutionId(), e.departmentId(), e.processId(), e.categoryId(), e.capturePointId(),
                e.queueId(), e.previousQueueId(), e.agentId(), e.previousAgentId(), e.mediaType(), e.priority(),
                e.businessValue(), e.dueAt(), e.activationAt(), e.sourceCreatedAt(), e.resultCode(), e.reason(),
                e.workTimeSec(), e.heldTimeSec()};
            Map<String, Object> attributes = e.attributes();
            row(rows, Stream.of(fields, mapping.columnValues(attributes), mapping.dimensionValues(attributes))
                    .flatMap(Arrays::stream).toArray());
        }
        connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY stage_event FROM STDIN", new StringReader(rows.toString()));
    }

    /** One row in COPY's text format: tab-separated, {@code \N} for null, backslash escapes. */
    private static void row(StringWriter out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write('\t');
            }
            value(out, values[i]);
        }
        out.write('\n');
    }

    private static void value(StringWriter out, Object v) {
        if (v == null) {
            out.write("\\N");
        }
        else if (v instanceof String s) {
            escape(out, s);
        }
        else if (v instanceof Instant instant) {
            out.write(instant.toString());
        }
        else {
            out.write(v.toString());
        }
    }

    private static void escape(StringWriter out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
    }
}
