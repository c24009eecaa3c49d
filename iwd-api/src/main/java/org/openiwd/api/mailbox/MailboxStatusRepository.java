package org.openiwd.api.mailbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Table {@code mailbox_status}. A report is merged by one {@code INSERT ... ON CONFLICT DO UPDATE}, so reports of
 * racing replicas serialise on the row and none rewinds the position another moved forward: under the stored
 * UIDVALIDITY the last UID only grows, another UIDVALIDITY replaces both.
 */
@Repository
class MailboxStatusRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    MailboxStatusRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    MailboxStatus report(String tenantId, String mailboxId, MailboxStatus report) {
        MailboxStatus.Position position = report.position();
        return jdbc.sql("""
                INSERT INTO mailbox_status AS s (tenant_id, mailbox_id, inbound, outbound, uid_validity, last_uid)
                VALUES (:tenant, :mailbox, CAST(:inbound AS jsonb), CAST(:outbound AS jsonb), :uidValidity, :lastUid)
                ON CONFLICT (tenant_id, mailbox_id) DO UPDATE SET
                    inbound = coalesce(excluded.inbound, s.inbound),
                    outbound = coalesce(excluded.outbound, s.outbound),
                    last_uid = CASE
                        WHEN excluded.uid_validity IS NULL THEN s.last_uid
                        WHEN s.uid_validity IS DISTINCT FROM excluded.uid_validity THEN excluded.last_uid
                        ELSE greatest(s.last_uid, excluded.last_uid) END,
                    uid_validity = coalesce(excluded.uid_validity, s.uid_validity),
                    updated_at = now()
                RETURNING *""")
                .param("tenant", tenantId)
                .param("mailbox", mailboxId)
                .param("inbound", report.inbound() == null ? null : json.writeValueAsString(report.inbound()))
                .param("outbound", report.outbound() == null ? null : json.writeValueAsString(report.outbound()))
                .param("uidValidity", position == null ? null : position.uidValidity())
                .param("lastUid", position == null ? null : position.lastUid())
                .query(this::map).single();
    }

    Optional<MailboxStatus> find(String tenantId, String mailboxId) {
        return jdbc.sql("SELECT * FROM mailbox_status WHERE tenant_id = ? AND mailbox_id = ?")
                .params(tenantId, mailboxId).query(this::map).optional();
    }

    Map<String, MailboxStatus> all(String tenantId) {
        Map<String, MailboxStatus> statuses = new HashMap<>();
        jdbc.sql("SELECT * FROM mailbox_status WHERE tenant_id = ?").param(tenantId)
                .query(rs -> {
                    statuses.put(rs.getString("mailbox_id"), map(rs, 0));
                });
        return statuses;
    }

    void delete(String tenantId, String mailboxId) {
        jdbc.sql("DELETE FROM mailbox_status WHERE tenant_id = ? AND mailbox_id = ?").params(tenantId, mailboxId)
                .update();
    }

    private MailboxStatus map(ResultSet rs, int row) throws SQLException {
        String inbound = rs.getString("inbound");
        String outbound = rs.getString("outbound");
        Long uidValidity = (Long) rs.getObject("uid_validity");
        return new MailboxStatus(
                inbound == null ? null : json.readValue(inbound, MailboxStatus.Connection.class),
                outbound == null ? null : json.readValue(outbound, MailboxStatus.Connection.class),
                uidValidity == null ? null : new MailboxStatus.Position(uidValidity, rs.getLong("last_uid")),
                rs.getTimestamp("updated_at").toInstant());
    }
}
