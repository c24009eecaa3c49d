package org.openiwd.api.feed;

import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a page of a tenant's task events from the database to the response as JSON, row by row with a
 * database cursor, so server memory stays bounded whatever the page size. Only positioned events are served, in
 * position order; {@code next} is the position of the last event written, or {@code after} when there was none.
 */
@Component
class TaskEventFeedWriter {

    private static final String PAGE = """
            SELECT feed_id, task_id, capture_id, task_version, type, status, occurred_at, solution_id,
                department_id, process_id, category_id, capture_point_id, queue_id, previous_queue_id, agent_id,
                previous_agent_id, media_type, priority, business_value, due_at, activation_at, source_created_at,
                result_code, reason, attributes::text AS attributes, work_time_sec, held_time_sec
            FROM task_event_position p JOIN task_event e USING (event_id)
            WHERE p.tenant_id = ? AND p.feed_id > ?
            ORDER BY p.feed_id
            LIMIT ?""";

    private static final String[] TEXT_FIELDS = {"captureId", "capture_id", "type", "type", "status", "status",
        "solutionId", "solution_id", "departmentId", "department_id", "processId", "process_id", "categoryId",
        "category_id", "capturePointId", "capture_point_id", "queueId", "queue_id", "previousQueueId",
        "previous_queue_id", "agentId", "agent_id", "previousAgentId", "previous_agent_id", "mediaType",
        "media_type", "resultCode", "result_code", "reason", "reason"};

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final MeterRegistry meters;

    TaskEventFeedWriter(JdbcTemplate jdbc, JsonMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.meters = meters;
    }

    /** Read-only transaction: PostgreSQL streams with a fetch size only inside one. */
    @Transactional(readOnly = true)
    void write(String tenantId, long after, int limit, OutputStream out) {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("events");
            g.writeStartArray();
            long[] last = {after};
            int[] served = {0};
            jdbc.query(connection -> {
                var statement = connection.prepareStatement(PAGE);
                statement.setFetchSize(1000);
                statement.setString(1, tenantId);
                statement.setLong(2, after);
                statement.setInt(3, limit);
                return statement;
            }, (ResultSet rs) -> {
                last[0] = rs.getLong("feed_id");
                served[0]++;
                writeEvent(g, rs);
            });
            g.writeEndArray();
            g.writeNumberProperty("next", last[0]);
            g.writeEndObject();
            meters.counter("iwd.feed.events.served", "tenant", tenantId).increment(served[0]);
        }
    }

    private static void writeEvent(JsonGenerator g, ResultSet rs) throws SQLException {
        g.writeStartObject();
        g.writeNumberProperty("id", rs.getLong("feed_id"));
        g.writeNumberProperty("taskId", rs.getLong("task_id"));
        g.writeNumberProperty("taskVersion", rs.getInt("task_version"));
        g.writeStringProperty("occurredAt", rs.getTimestamp("occurred_at").toInstant().toString());
        for (int i = 0; i < TEXT_FIELDS.length; i += 2) {
            String value = rs.getString(TEXT_FIELDS[i + 1]);
            if (value != null) {
                g.writeStringProperty(TEXT_FIELDS[i], value);
            }
        }
        integer(g, "priority", rs, "priority");
        integer(g, "businessValue", rs, "business_value");
        time(g, "dueAt", rs, "due_at");
        time(g, "activationAt", rs, "activation_at");
        time(g, "sourceCreatedAt", rs, "source_created_at");
        g.writeName("attributes");
        g.writeRawValue(rs.getString("attributes"));
        g.writeNumberProperty("workTimeSec", rs.getInt("work_time_sec"));
        g.writeNumberProperty("heldTimeSec", rs.getInt("held_time_sec"));
        g.writeEndObject();
    }

    private static void integer(JsonGenerator g, String name, ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        if (!rs.wasNull()) {
            g.writeNumberProperty(name, value);
        }
    }

    private static void time(JsonGenerator g, String name, ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        if (value != null) {
            g.writeStringProperty(name, value.toInstant().toString());
        }
    }
}
