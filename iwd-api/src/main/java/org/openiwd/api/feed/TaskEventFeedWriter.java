package org.openiwd.api.feed;

import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;
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

    /** The text columns after {@code occurred_at}, by their index in {@link #PAGE}, and their JSON names. */
    private static final int FIRST_TEXT = 8, LAST_TEXT = 17;
    private static final SerializedString[] TEXT_NAMES = names("solutionId", "departmentId", "processId",
            "categoryId", "capturePointId", "queueId", "previousQueueId", "agentId", "previousAgentId", "mediaType");
    private static final SerializedString ID = new SerializedString("id"),
            TASK_ID = new SerializedString("taskId"), CAPTURE_ID = new SerializedString("captureId"),
            TASK_VERSION = new SerializedString("taskVersion"), TYPE = new SerializedString("type"),
            STATUS = new SerializedString("status"), OCCURRED_AT = new SerializedString("occurredAt"),
            PRIORITY = new SerializedString("priority"), BUSINESS_VALUE = new SerializedString("businessValue"),
            DUE_AT = new SerializedString("dueAt"), ACTIVATION_AT = new SerializedString("activationAt"),
            SOURCE_CREATED_AT = new SerializedString("sourceCreatedAt"),
            RESULT_CODE = new SerializedString("resultCode"), REASON = new SerializedString("reason"),
            ATTRIBUTES = new SerializedString("attributes"), WORK_TIME_SEC = new SerializedString("workTimeSec"),
            HELD_TIME_SEC = new SerializedString("heldTimeSec");

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
        int served = FeedPageStream.write(jdbc, json, PAGE, 1000, tenantId, after, limit, out,
                TaskEventFeedWriter::writeEvent);
        Counter.builder("iwd.feed.events.served").description("Task events served by the task event feed")
                .tag("tenant", tenantId).register(meters).increment(served);
    }

    /**
     * One event, columns by their index in {@link #PAGE}. Text columns go from the driver's UTF-8 bytes to the
     * generator (escaped there) without a {@code String} in between; instants are formatted by {@link InstantText}.
     */
    private static void writeEvent(JsonGenerator g, ResultSet rs, InstantText instants) throws SQLException {
        g.writeStartObject();
        g.writeName(ID);
        g.writeNumber(rs.getLong(1));
        g.writeName(TASK_ID);
        g.writeNumber(rs.getLong(2));
        text(g, CAPTURE_ID, rs, 3);
        g.writeName(TASK_VERSION);
        g.writeNumber(rs.getInt(4));
        text(g, TYPE, rs, 5);
        text(g, STATUS, rs, 6);
        time(g, OCCURRED_AT, rs, 7, instants);
        for (int column = FIRST_TEXT; column <= LAST_TEXT; column++) {
            text(g, TEXT_NAMES[column - FIRST_TEXT], rs, column);
        }
        integer(g, PRIORITY, rs, 18);
        integer(g, BUSINESS_VALUE, rs, 19);
        time(g, DUE_AT, rs, 20, instants);
        time(g, ACTIVATION_AT, rs, 21, instants);
        time(g, SOURCE_CREATED_AT, rs, 22, instants);
        text(g, RESULT_CODE, rs, 23);
        text(g, REASON, rs, 24);
        g.writeName(ATTRIBUTES);
        g.writeRawValue(rs.getString(25));
        g.writeName(WORK_TIME_SEC);
        g.writeNumber(rs.getInt(26));
        g.writeName(HELD_TIME_SEC);
        g.writeNumber(rs.getInt(27));
        g.writeEndObject();
    }

    /** A text column, left out when null; PostgreSQL's text columns reach the driver as UTF-8 bytes. */
    private static void text(JsonGenerator g, SerializedString name, ResultSet rs, int column) throws SQLException {
        byte[] value = rs.getBytes(column);
        if (value != null) {
            g.writeName(name);
            g.writeUTF8String(value, 0, value.length);
        }
    }

    private static void integer(JsonGenerator g, SerializedString name, ResultSet rs, int column)
            throws SQLException {
        int value = rs.getInt(column);
        if (!rs.wasNull()) {
            g.writeName(name);
            g.writeNumber(value);
        }
    }

    private static void time(JsonGenerator g, SerializedString name, ResultSet rs, int column, InstantText instants)
            throws SQLException {
        // The driver reads an OffsetDateTime straight from the column's text; a Timestamp goes through a Calendar.
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        if (value != null) {
            instants.format(value.toEpochSecond(), value.getNano());
            g.writeName(name);
            g.writeRawUTF8String(instants.bytes(), 0, instants.length());
        }
    }

    private static SerializedString[] names(String... names) {
        SerializedString[] serialized = new SerializedString[names.length];
        for (int i = 0; i < names.length; i++) {
            serialized[i] = new SerializedString(names[i]);
        }
        return serialized;
    }
}
