package org.openiwd.api.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import org.openiwd.api.security.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Table {@code audit_log}: who did which provisioning or key operation, to which tenant, with what outcome, and
 * the details that matter (a tenant's name and time zone, a key's id and role), never a key's secret. Rows outlive
 * their tenant.
 */
@Component
class AuditLog {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records in the caller's transaction, so an operation and its audit row commit together; called outside one
     * (a refusal), it commits on its own. {@code details} may be null; callers must never put a secret in it.
     */
    void record(Caller caller, String action, String tenantId, String outcome, Map<String, ?> details) {
        jdbc.sql("INSERT INTO audit_log (actor, action, tenant_id, outcome, details) VALUES (?, ?, ?, ?, "
                        + "CAST(? AS jsonb))")
                .params(caller.cluster() ? "cluster:" + caller.role().wireName()
                        : "tenant:" + caller.tenantId() + ":" + caller.role().wireName(),
                        action, tenantId, outcome, details == null ? null : json.writeValueAsString(details))
                .update();
    }

    /** An audit row as {@code GET /provisioning/audit} shows it. */
    @Schema(name = "AuditEntry")
    record Entry(long id, Instant occurredAt, String actor, String action, String tenantId, String outcome,
            Map<String, Object> details) {
    }

    @Schema(name = "AuditPage", description = "Oldest first (by id, the order rows were written); `next` is the "
            + "`after` of the next page, null on the last one")
    record Page(List<Entry> items, Long next) {
    }

    /**
     * Rows after id {@code after}, oldest first, optionally of one tenant and in {@code [from, to)}. Ids are
     * written in the order operations start, and an operation commits a moment later, so a reader following the
     * tail right behind the writers could pass a row that commits late; re-reading the last seconds covers that.
     */
    Page read(String tenantId, Instant from, Instant to, long after, int limit) {
        List<String> where = new ArrayList<>(List.of("audit_id > :after"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("after", after);
        params.put("limit", limit);
        if (tenantId != null) {
            where.add("tenant_id = :tenant");
            params.put("tenant", tenantId);
        }
        if (from != null) {
            where.add("occurred_at >= :from");
            params.put("from", Timestamp.from(from));
        }
        if (to != null) {
            where.add("occurred_at < :to");
            params.put("to", Timestamp.from(to));
        }
        List<Entry> items = jdbc.sql("SELECT audit_id, occurred_at, actor, action, tenant_id, outcome, details::text"
                        + " FROM audit_log WHERE " + String.join(" AND ", where) + " ORDER BY audit_id LIMIT :limit")
                .params(params).query(this::entry).list();
        return new Page(items, items.size() < limit ? null : items.getLast().id());
    }

    private Entry entry(ResultSet rs, int row) throws SQLException {
        String details = rs.getString("details");
        return new Entry(rs.getLong("audit_id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
                rs.getString("action"), rs.getString("tenant_id"), rs.getString("outcome"),
                details == null ? null : json.readValue(details, MAP));
    }
}
