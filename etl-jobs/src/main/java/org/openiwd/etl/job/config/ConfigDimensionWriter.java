package org.openiwd.etl.job.config;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.openiwd.etl.feed.ConfigEvent;
import org.openiwd.etl.feed.ConfigPage;
import org.openiwd.etl.job.DataMartWatermarks;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantSchema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes a page of configuration events into a tenant's dimensions, in feed order: solutions, categories, capture
 * points and queues keep their latest name; departments and processes are slowly changing, type 2: a new version
 * closes the current row at the change time and opens a new one, so facts keep the name valid when they
 * happened. A placeholder row made by a fact load is named in place (it stays valid from the beginning, so facts
 * already pointing at it keep their key). Replayed versions change nothing.
 *
 * <p>Transaction: the caller's, shared with the quarantine rows and the {@code config} watermark, which moves only
 * from the position the page was read after.
 */
@Component
class ConfigDimensionWriter {

    private static final Map<String, String> LATEST_NAME_TABLES = Map.of("solution", "solution", "category",
            "category", "capture_point", "capture_point", "queue", "queue");

    private final JdbcClient jdbc;
    private final DataMartWatermarks watermarks;

    ConfigDimensionWriter(JdbcClient jdbc, DataMartWatermarks watermarks) {
        this.jdbc = jdbc;
        this.watermarks = watermarks;
    }

    /** Returns the number of dimension rows written. */
    int write(DataMartTenant tenant, long after, ConfigPage page, long auditKey) {
        TenantSchema.enter(jdbc, tenant);
        int rows = 0;
        for (ConfigEvent event : page.events()) {
            String table = LATEST_NAME_TABLES.get(event.kind());
            if (table != null) {
                rows += jdbc.sql("""
                        INSERT INTO %1$s (%1$s_id, name, is_placeholder, updated_at) VALUES (?, ?, false, now())
                        ON CONFLICT (%1$s_id) DO UPDATE SET name = excluded.name, is_placeholder = false,
                            updated_at = now()""".formatted(table))
                        .params(event.objectId(), event.name()).update();
            }
            else if (event.kind().equals("department") || event.kind().equals("process")) {
                rows += versioned(event);
            }
        }
        watermarks.quarantine(tenant, "config", page.rejected(), auditKey);
        watermarks.advance(tenant, "config", after, page.next(),
                page.events().isEmpty() ? null : page.events().getLast().occurredAt(), auditKey);
        return rows;
    }

    private record Current(int key, int version, boolean placeholder) {
    }

    private int versioned(ConfigEvent e) {
        String table = e.kind();
        boolean process = table.equals("process");
        Optional<Current> current = jdbc.sql("""
                SELECT %1$s_key, version, is_placeholder FROM %1$s
                WHERE %1$s_id = ? AND valid_to = 'infinity' FOR UPDATE""".formatted(table))
                .param(e.objectId())
                .query((rs, n) -> new Current(rs.getInt(1), rs.getInt(2), rs.getBoolean(3))).optional();
        Map<String, Object> values = new HashMap<>();
        values.put("id", e.objectId());
        values.put("name", e.name());
        values.put("version", e.version());
        values.put("parent", e.parentId());
        values.put("at", Timestamp.from(e.occurredAt()));
        if (current.isPresent() && (current.get().placeholder() || current.get().version() == 0)) {
            values.put("key", current.get().key());
            return jdbc.sql("""
                    UPDATE %1$s SET name = :name, version = :version, is_placeholder = false%2$s
                    WHERE %1$s_key = :key""".formatted(table, process ? ", department_id = :parent" : ""))
                    .params(values).update();
        }
        if (current.isPresent() && e.version() <= current.get().version()) {
            return 0;
        }
        if (current.isPresent()) {
            values.put("key", current.get().key());
            jdbc.sql("UPDATE %1$s SET valid_to = :at WHERE %1$s_key = :key".formatted(table)).params(values).update();
        }
        // The first version is valid from the beginning, so facts of events before the object's creation (imports
        // of past days) still find it.
        values.put("first", current.isEmpty());
        return jdbc.sql("""
                INSERT INTO %1$s (%1$s_id, name, version, valid_from%2$s)
                VALUES (:id, :name, :version, CASE WHEN :first THEN '-infinity'::timestamptz ELSE :at END%3$s)
                ON CONFLICT (%1$s_id, version) DO NOTHING""".formatted(table, process ? ", department_id" : "",
                process ? ", :parent" : ""))
                .params(values).update();
    }
}
