package org.openiwd.api.feed;

import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one feed page, {@code {"events":[...],"next":<id>}}, while its rows stream from a database cursor: the
 * server holds one fetch of rows, never the page. The caller's transaction must be open (PostgreSQL streams with a
 * fetch size only inside one). A page whose read fails half-way is left broken, never closed into valid JSON that
 * a reader would take for a whole, shorter page.
 */
final class FeedPageStream {

    /** Writes the event of the cursor's current row. */
    @FunctionalInterface
    interface EventWriter {
        void write(JsonGenerator g, ResultSet rs, InstantText instants) throws SQLException;
    }

    private FeedPageStream() {
    }

    /**
     * Runs {@code page} (parameters: tenant, the cursor, the limit; the feed id first among its columns) and writes
     * each row with {@code events}; returns how many events were served.
     */
    static int write(JdbcTemplate jdbc, JsonMapper json, String page, int fetchSize, String tenantId, long after,
            int limit, OutputStream out, EventWriter events) {
        try (JsonGenerator g = json.writer().without(StreamWriteFeature.AUTO_CLOSE_CONTENT).createGenerator(out)) {
            g.writeStartObject();
            g.writeName("events");
            g.writeStartArray();
            long[] last = {after};
            int[] served = {0};
            InstantText instants = new InstantText();
            jdbc.query(connection -> {
                var statement = connection.prepareStatement(page);
                statement.setFetchSize(fetchSize);
                statement.setString(1, tenantId);
                statement.setLong(2, after);
                statement.setInt(3, limit);
                return statement;
            }, (ResultSet rs) -> {
                last[0] = rs.getLong(1);
                served[0]++;
                events.write(g, rs, instants);
            });
            g.writeEndArray();
            g.writeNumberProperty("next", last[0]);
            g.writeEndObject();
            return served[0];
        }
    }
}
