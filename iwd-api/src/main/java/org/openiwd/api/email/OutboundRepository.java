package org.openiwd.api.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Tables {@code outbound_email} and {@code outbound_attachment}; every method runs in the caller's transaction. */
@Repository
class OutboundRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<EmailAddress>> ADDRESSES = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OutboundRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(String tenantId, OutboundEmail e) {
        jdbc.sql("""
                INSERT INTO outbound_email (outbound_id, tenant_id, mailbox_id, subtype, status, message_id,
                    in_reply_to_email_id, in_reply_to, refs, task_id, thread_task_id, from_address, from_name,
                    to_addresses, cc_addresses, bcc_addresses, subject, text_body, html_body)
                VALUES (:id, :tenant, :mailbox, :subtype, 'queued', :messageId, :inReplyToEmailId, :inReplyTo,
                    CAST(:refs AS jsonb), :task, :thread, :fromAddress, :fromName, CAST(:to AS jsonb),
                    CAST(:cc AS jsonb), CAST(:bcc AS jsonb), :subject, :text, :html)""")
                .param("id", e.id())
                .param("tenant", tenantId)
                .param("mailbox", e.mailboxId())
                .param("subtype", e.subtype())
                .param("messageId", e.messageId())
                .param("inReplyToEmailId", e.inReplyToEmailId())
                .param("inReplyTo", e.inReplyTo())
                .param("refs", json.writeValueAsString(e.references()))
                .param("task", e.taskId())
                .param("thread", e.threadTaskId())
                .param("fromAddress", e.from().address())
                .param("fromName", e.from().name())
                .param("to", json.writeValueAsString(e.to()))
                .param("cc", json.writeValueAsString(e.cc()))
                .param("bcc", json.writeValueAsString(e.bcc()))
                .param("subject", e.subject())
                .param("text", e.textBody())
                .param("html", e.htmlBody())
                .update();
        for (int i = 0; i < e.attachments().size(); i++) {
            OutboundEmail.Attachment a = e.attachments().get(i);
            jdbc.sql("""
                    INSERT INTO outbound_attachment (outbound_id, position, file_name, content_type, size, content)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(e.id(), i, a.fileName(), a.contentType(), a.content().length, a.content()).update();
        }
    }

    /** Copies the stored (not blocked) attachments of an inbound item to an outbound one, for a redirect. */
    void copyAttachments(String emailId, String outboundId) {
        jdbc.sql("""
                INSERT INTO outbound_attachment (outbound_id, position, file_name, content_type, size, content)
                SELECT ?, row_number() OVER (ORDER BY position) - 1, file_name, content_type, size, content
                FROM email_attachment WHERE email_id = ? AND content IS NOT NULL""")
                .params(outboundId, emailId).update();
    }

    /** The decoded sizes of an inbound item's stored attachments, for the size limits of a redirect. */
    long attachmentBytes(String emailId) {
        return jdbc.sql("""
                SELECT coalesce(sum(size), 0) FROM email_attachment WHERE email_id = ? AND content IS NOT NULL""")
                .param(emailId).query(Long.class).single();
    }

    Optional<OutboundEmail> find(String tenantId, String id, boolean lock) {
        return jdbc.sql(SELECT + " WHERE tenant_id = ? AND outbound_id = ?" + (lock ? " FOR UPDATE" : ""))
                .params(tenantId, id).query(this::map).optional().map(this::withAttachments);
    }

    /**
     * A page of the tenant's items in queue order after the cursor: with {@code due}, the queued ones and the retries
     * whose time has come; else those in {@code status}, or all.
     */
    List<Map.Entry<Long, OutboundEmail>> list(String tenantId, String status, String mailboxId, boolean due,
            String messageId, Instant now, long afterSeq, int limit) {
        return jdbc.sql(SELECT + """
                 WHERE tenant_id = :tenant AND seq > :after
                    AND (CAST(:status AS text) IS NULL OR status = :status)
                    AND (CAST(:mailbox AS text) IS NULL OR mailbox_id = :mailbox)
                    AND (CAST(:messageId AS text) IS NULL OR message_id = :messageId)
                    AND (NOT :due OR status = 'queued' OR status = 'retry' AND next_attempt_at <= :now)
                ORDER BY seq LIMIT :limit""")
                .param("tenant", tenantId).param("after", afterSeq).param("status", status)
                .param("mailbox", mailboxId).param("messageId", messageId).param("due", due)
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, n) -> Map.entry(rs.getLong("seq"), map(rs, n))).list()
                .stream().map(e -> Map.entry(e.getKey(), withAttachments(e.getValue()))).toList();
    }

    void updateStatus(String id, String status, int attempts, Instant nextAttemptAt, Instant sentAt, String reason) {
        jdbc.sql("""
                UPDATE outbound_email SET status = ?, attempts = ?, next_attempt_at = ?, sent_at = ?, reason = ?,
                    updated_at = now()
                WHERE outbound_id = ?""")
                .params(status, attempts, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt),
                        sentAt == null ? null : Timestamp.from(sentAt), reason, id)
                .update();
    }

    private OutboundEmail withAttachments(OutboundEmail e) {
        List<OutboundEmail.Attachment> attachments = jdbc.sql("""
                SELECT file_name, content_type, size, content FROM outbound_attachment WHERE outbound_id = ?
                ORDER BY position""")
                .param(e.id())
                .query((rs, n) -> new OutboundEmail.Attachment(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getBytes(4)))
                .list();
        return new OutboundEmail(e.id(), e.status(), e.subtype(), e.mailboxId(), e.from(), e.messageId(),
                e.inReplyToEmailId(), e.inReplyTo(), e.references(), e.taskId(), e.threadTaskId(), e.to(), e.cc(),
                e.bcc(), e.subject(), e.textBody(), e.htmlBody(), attachments, e.attempts(), e.nextAttemptAt(),
                e.sentAt(), e.reason(), e.createdAt(), e.updatedAt());
    }

    private static final String SELECT = """
            SELECT outbound_id, seq, mailbox_id, subtype, status, message_id, in_reply_to_email_id, in_reply_to,
                refs::text AS refs, task_id, thread_task_id, from_address, from_name,
                to_addresses::text AS to_addresses, cc_addresses::text AS cc_addresses,
                bcc_addresses::text AS bcc_addresses, subject, text_body, html_body, attempts, next_attempt_at, sent_at,
                reason, created_at, updated_at
            FROM outbound_email""";

    private OutboundEmail map(ResultSet rs, int row) throws SQLException {
        return new OutboundEmail(rs.getString("outbound_id"), rs.getString("status"), rs.getString("subtype"),
                rs.getString("mailbox_id"), new EmailAddress(rs.getString("from_address"), rs.getString("from_name")),
                rs.getString("message_id"), rs.getString("in_reply_to_email_id"), rs.getString("in_reply_to"),
                json.readValue(rs.getString("refs"), STRINGS), (Long) rs.getObject("task_id"),
                (Long) rs.getObject("thread_task_id"), json.readValue(rs.getString("to_addresses"), ADDRESSES),
                json.readValue(rs.getString("cc_addresses"), ADDRESSES),
                json.readValue(rs.getString("bcc_addresses"), ADDRESSES), rs.getString("subject"),
                rs.getString("text_body"), rs.getString("html_body"), List.of(), rs.getInt("attempts"),
                instant(rs, "next_attempt_at"), instant(rs, "sent_at"), rs.getString("reason"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
