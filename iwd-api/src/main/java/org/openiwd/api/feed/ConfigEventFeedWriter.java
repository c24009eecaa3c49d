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
 * Streams a page of a tenant's configuration events from the database to the response as JSON, row by row with a
 * database cursor, like {@link TaskEventFeedWriter}: server memory holds one fetch of rows, not the page (up to
 * 10,000 objects, each as large as a configuration object may be). Only positioned events are served, in position
 * order; {@code next} is the position of the last event written, or {@code after} when there was none.
 */
@Component
class ConfigEventFeedWriter {

    private static final String PAGE = """
            SELECT feed_id, kind, object_id, version, operation, object::text, occurred_at FROM config_event
            WHERE tenant_id = ? AND feed_id > ? ORDER BY feed_id LIMIT ?""";
    /** Rows per fetch: configuration objects are larger than task events, so fewer at a time. */
    private static final int FETCH_SIZE = 250;

    private static final SerializedString ID = new SerializedString("id"), KIND = new SerializedString("kind"),
            OBJECT_ID = new SerializedString("objectId"), VERSION = new SerializedString("version"),
            OPERATION = new SerializedString("operation"), OBJECT = new SerializedString("object"),
            OCCURRED_AT = new SerializedString("occurredAt");

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final MeterRegistry meters;

    ConfigEventFeedWriter(JdbcTemplate jdbc, JsonMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.meters = meters;
    }

    /** Read-only transaction: PostgreSQL streams with a fetch size only inside one. */
    @Transactional(readOnly = true)
    void write(String tenantId, long after, int limit, OutputStream out) {
        int served = FeedPageStream.write(jdbc, json, PAGE, FETCH_SIZE, tenantId, after, limit, out,
                ConfigEventFeedWriter::writeEvent);
        Counter.builder("iwd.feed.config.events.served")
                .description("Configuration events served by the configuration event feed")
                .tag("tenant", tenantId).register(meters).increment(served);
    }

    /** One event, columns by their index in {@link #PAGE}; the object as PostgreSQL prints its jsonb. */
    private static void writeEvent(JsonGenerator g, ResultSet rs, InstantText instants) throws SQLException {
        g.writeStartObject();
        g.writeName(ID);
        g.writeNumber(rs.getLong(1));
        g.writeName(KIND);
        g.writeString(rs.getString(2));
        g.writeName(OBJECT_ID);
        g.writeString(rs.getString(3));
        g.writeName(VERSION);
        g.writeNumber(rs.getInt(4));
        g.writeName(OPERATION);
        g.writeString(rs.getString(5));
        g.writeName(OBJECT);
        g.writeRawValue(rs.getString(6));
        OffsetDateTime occurredAt = rs.getObject(7, OffsetDateTime.class);
        instants.format(occurredAt.toEpochSecond(), occurredAt.getNano());
        g.writeName(OCCURRED_AT);
        g.writeRawUTF8String(instants.bytes(), 0, instants.length());
        g.writeEndObject();
    }
}
