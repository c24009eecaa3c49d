package org.openiwd.api.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Tables {@code config_object} and {@code config_event}; every method runs in the caller's transaction. */
@Repository
class ConfigRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ConfigRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The tenant's next configuration revision. It locks the tenant row until the transaction ends, so one
     * tenant's configuration changes commit one at a time, in revision order.
     */
    long nextRevision(String tenantId) {
        return jdbc.sql("UPDATE tenant SET config_revision = config_revision + 1 WHERE tenant_id = ?"
                        + " RETURNING config_revision")
                .param(tenantId).query(Long.class).single();
    }

    void lockTenant(String tenantId) {
        jdbc.sql("SELECT tenant_id FROM tenant WHERE tenant_id = ? FOR UPDATE").param(tenantId).query(String.class)
                .single();
    }

    long countLive(String tenantId, ConfigKind kind) {
        return jdbc.sql("SELECT count(*) FROM config_object WHERE tenant_id = ? AND kind = ? AND NOT deleted")
                .params(tenantId, kind.wireName()).query(Long.class).single();
    }

    long currentRevision(String tenantId) {
        return jdbc.sql("SELECT config_revision FROM tenant WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single();
    }

    /** False when the id is taken in this kind, even by a retired object. */
    boolean insert(String tenantId, ConfigKind kind, String id, ConfigRequest request, long revision) {
        return jdbc.sql("""
                INSERT INTO config_object (tenant_id, kind, object_id, parent_id, name, version, settings, revision)
                VALUES (?, ?, ?, ?, ?, 1, CAST(? AS jsonb), ?)
                ON CONFLICT (tenant_id, kind, object_id) DO NOTHING""")
                .params(tenantId, kind.wireName(), id, request.parentId(), request.name(),
                        json.writeValueAsString(request.settings() == null ? Map.of() : request.settings()), revision)
                .update() == 1;
    }

    void update(String tenantId, ConfigKind kind, String id, ConfigRequest request, long revision) {
        jdbc.sql("""
                UPDATE config_object SET parent_id = ?, name = ?, settings = CAST(? AS jsonb), version = version + 1,
                    revision = ?, updated_at = now()
                WHERE tenant_id = ? AND kind = ? AND object_id = ?""")
                .params(request.parentId(), request.name(),
                        json.writeValueAsString(request.settings() == null ? Map.of() : request.settings()), revision,
                        tenantId, kind.wireName(), id)
                .update();
    }

    void retire(String tenantId, ConfigKind kind, String id, long revision) {
        jdbc.sql("""
                UPDATE config_object SET deleted = true, version = version + 1, revision = ?, updated_at = now()
                WHERE tenant_id = ? AND kind = ? AND object_id = ?""")
                .params(revision, tenantId, kind.wireName(), id)
                .update();
    }

    /** The object, locked until the transaction ends when {@code lock} is set. */
    Optional<ConfigObject> find(String tenantId, ConfigKind kind, String id, boolean lock) {
        return jdbc.sql("SELECT * FROM config_object WHERE tenant_id = ? AND kind = ? AND object_id = ?"
                        + (lock ? " FOR UPDATE" : ""))
                .params(tenantId, kind.wireName(), id).query(this::map).optional();
    }

    boolean isLive(String tenantId, ConfigKind kind, String id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM config_object WHERE tenant_id = ? AND kind = ?"
                        + " AND object_id = ? AND NOT deleted)")
                .params(tenantId, kind.wireName(), id).query(Boolean.class).single();
    }

    boolean hasLiveChildren(String tenantId, ConfigKind parentKind, String id) {
        List<String> childKinds = java.util.Arrays.stream(ConfigKind.values())
                .filter(k -> k.parentKind() == parentKind).map(ConfigKind::wireName).toList();
        if (childKinds.isEmpty()) {
            return false;
        }
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM config_object WHERE tenant_id = :tenant AND kind IN (:kinds)
                    AND parent_id = :id AND NOT deleted)""")
                .param("tenant", tenantId).param("kinds", childKinds).param("id", id)
                .query(Boolean.class).single();
    }

    /** A page of the kind's live objects in id order after {@code afterId}, for a first load. */
    List<ConfigObject> live(String tenantId, ConfigKind kind, String afterId, int limit) {
        return jdbc.sql("""
                SELECT * FROM config_object
                WHERE tenant_id = ? AND kind = ? AND object_id > ? AND NOT deleted
                ORDER BY object_id LIMIT ?""")
                .params(tenantId, kind.wireName(), afterId, limit)
                .query(this::map).list();
    }

    /**
     * A page of the kind's objects whose latest change is after {@code revision}, retired ones included, in
     * revision order, for incremental loads. Each change takes a revision of its own, so the order is total.
     */
    List<ConfigObject> changedSince(String tenantId, ConfigKind kind, long revision, int limit) {
        return jdbc.sql("""
                SELECT * FROM config_object
                WHERE tenant_id = ? AND kind = ? AND revision > ?
                ORDER BY revision LIMIT ?""")
                .params(tenantId, kind.wireName(), revision, limit)
                .query(this::map).list();
    }

    void appendEvent(String tenantId, ConfigObject object, String operation) {
        jdbc.sql("""
                INSERT INTO config_event (tenant_id, kind, object_id, version, operation, object, revision)
                VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?)""")
                .params(tenantId, object.kind(), object.id(), object.version(), operation,
                        json.writeValueAsString(object), object.revision())
                .update();
    }

    private ConfigObject map(ResultSet rs, int row) throws SQLException {
        return new ConfigObject(rs.getString("object_id"), rs.getString("kind"), rs.getString("name"),
                rs.getString("parent_id"), rs.getInt("version"), rs.getLong("revision"),
                json.readValue(rs.getString("settings"), MAP), rs.getBoolean("deleted"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
