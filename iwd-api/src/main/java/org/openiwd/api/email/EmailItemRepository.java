package org.openiwd.api.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Tables {@code email_item} and {@code email_attachment}; every method runs in the caller's transaction. */
@Repository
class EmailItemRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<EmailAddress>> ADDRESSES = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EmailItemRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Inserts the item unless its natural key (tenant, mailbox, message key) exists; true when inserted. A
     * concurrent insert of the same key waits for the other transaction and then inserts nothing, so concurrent
     * identical submissions store one item.
     */
    boolean insertIfAbsent(String tenantId, String emailId, String messageKey, InboundEmailRequest r, String subtype,
            Map<String, String> headers) {
        boolean unparsable = Boolean.TRUE.equals(r.unparsable());
        return jdbc.sql("""
                INSERT INTO email_item (email_id, tenant_id, mailbox_id, message_key, message_id, content_hash,
                    in_reply_to, refs, subtype, from_address, from_name, reply_to, to_addresses, cc_addresses, subject,
                    text_body, html_body, importance, received_at, headers, unparsable, unparsable_reason, raw_source)
                VALUES (:id, :tenant, :mailbox, :key, :messageId, :hash, :inReplyTo, CAST(:refs AS jsonb), :subtype,
                    :fromAddress, :fromName, CAST(:replyTo AS jsonb), CAST(:to AS jsonb), CAST(:cc AS jsonb), :subject,
                    :text, :html, :importance, :receivedAt, CAST(:headers AS jsonb), :unparsable, :reason, :raw)
                ON CONFLICT DO NOTHING""")
                .param("id", emailId)
                .param("tenant", tenantId)
                .param("mailbox", r.mailboxId())
                .param("key", messageKey)
                .param("messageId", r.messageId())
                .param("hash", r.contentHash().toLowerCase(java.util.Locale.ROOT))
                .param("inReplyTo", r.inReplyTo())
                .param("refs", json.writeValueAsString(r.references() == null ? List.of() : r.references()))
                .param("subtype", subtype)
                .param("fromAddress", r.from() == null ? null : r.from().address())
                .param("fromName", r.from() == null ? null : r.from().name())
                .param("replyTo", json.writeValueAsString(r.replyTo() == null ? List.of() : r.replyTo()))
                .param("to", json.writeValueAsString(r.to() == null ? List.of() : r.to()))
                .param("cc", json.writeValueAsString(r.cc() == null ? List.of() : r.cc()))
                .param("subject", withoutNul(r.subject()))
                .param("text", withoutNul(r.textBody()))
                .param("html", withoutNul(r.htmlBody()))
                .param("importance", r.importance())
                .param("receivedAt", r.receivedAt() == null ? null : Timestamp.from(r.receivedAt().toInstant()))
                .param("headers", json.writeValueAsString(headers))
                .param("unparsable", unparsable)
                .param("reason", withoutNul(r.unparsableReason()))
                .param("raw", r.rawSource())
                .update() == 1;
    }

    void insertAttachments(String emailId, List<InboundEmailRequest.Attachment> attachments) {
        for (int i = 0; i < attachments.size(); i++) {
            InboundEmailRequest.Attachment a = attachments.get(i);
            boolean blocked = Boolean.TRUE.equals(a.blocked());
            jdbc.sql("""
                    INSERT INTO email_attachment (email_id, position, file_name, content_type, size, content_id, inline,
                        blocked, blocked_reason, content)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(emailId, i, withoutNul(a.fileName()), withoutNul(a.contentType()), sizeOf(a),
                            withoutNul(a.contentId()), Boolean.TRUE.equals(a.inline()), blocked,
                            withoutNul(a.blockedReason()), blocked ? null : a.content())
                    .update();
        }
    }

    /** Text as PostgreSQL can store it: a NUL character, which mail bodies sometimes hold, cannot be. */
    static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }

    static long sizeOf(InboundEmailRequest.Attachment a) {
        return a.content() != null ? a.content().length : a.size() == null ? 0 : a.size();
    }

    void linkTask(String emailId, long taskId, long threadTaskId) {
        jdbc.sql("UPDATE email_item SET task_id = ?, thread_task_id = ? WHERE email_id = ?")
                .params(taskId, threadTaskId, emailId).update();
    }

    Optional<EmailItem> find(String tenantId, String emailId) {
        return jdbc.sql(SELECT + " WHERE e.tenant_id = ? AND e.email_id = ?").params(tenantId, emailId)
                .query(this::map).optional().map(item -> withAttachments(item));
    }

    /** A page of the tenant's items in insertion order, after the cursor {@code afterSeq}. */
    List<Map.Entry<Long, EmailItem>> list(String tenantId, String mailboxId, Boolean unparsable, Long taskId,
            long afterSeq, int limit) {
        return jdbc.sql(SELECT + """
                 WHERE e.tenant_id = :tenant AND e.seq > :after
                    AND (CAST(:mailbox AS text) IS NULL OR e.mailbox_id = :mailbox)
                    AND (CAST(:unparsable AS boolean) IS NULL OR e.unparsable = :unparsable)
                    AND (CAST(:task AS bigint) IS NULL OR e.task_id = :task)
                ORDER BY e.seq LIMIT :limit""")
                .param("tenant", tenantId).param("after", afterSeq).param("mailbox", mailboxId)
                .param("unparsable", unparsable).param("task", taskId).param("limit", limit)
                .query((rs, n) -> Map.entry(rs.getLong("seq"), map(rs, n))).list()
                .stream().map(e -> Map.entry(e.getKey(), withAttachments(e.getValue()))).toList();
    }

    /** The content type and content of an attachment; empty when there is none at that index. */
    Optional<Map.Entry<String, byte[]>> attachmentContent(String tenantId, String emailId, int index) {
        return jdbc.sql("""
                SELECT a.content_type, a.content FROM email_attachment a JOIN email_item e USING (email_id)
                WHERE e.tenant_id = ? AND a.email_id = ? AND a.position = ? AND a.content IS NOT NULL""")
                .params(tenantId, emailId, index)
                .query((rs, n) -> Map.entry(rs.getString(1) == null ? "application/octet-stream" : rs.getString(1),
                        rs.getBytes(2)))
                .optional();
    }

    Optional<byte[]> rawSource(String tenantId, String emailId) {
        return jdbc.sql("SELECT raw_source FROM email_item WHERE tenant_id = ? AND email_id = ? AND raw_source IS NOT"
                        + " NULL").params(tenantId, emailId).query(byte[].class).optional();
    }

    /**
     * The first task of the thread that any of {@code messageIds} belongs to, looked up among the tenant's inbound
     * and outbound items; the smallest such task id when the ids name several (the oldest thread).
     */
    Optional<Long> threadOf(String tenantId, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT root FROM (
                    SELECT coalesce(thread_task_id, task_id) AS root FROM email_item
                    WHERE tenant_id = :tenant AND message_id IN (:ids)
                    UNION ALL
                    SELECT coalesce(thread_task_id, task_id) FROM outbound_email
                    WHERE tenant_id = :tenant AND message_id IN (:ids)) roots
                WHERE root IS NOT NULL ORDER BY root LIMIT 1""")
                .param("tenant", tenantId).param("ids", messageIds).query(Long.class).optional();
    }

    private EmailItem withAttachments(EmailItem item) {
        List<EmailItem.Attachment> attachments = new ArrayList<>(jdbc.sql("""
                SELECT position, file_name, content_type, size, content_id, inline, blocked, blocked_reason
                FROM email_attachment WHERE email_id = ? ORDER BY position""")
                .param(item.id())
                .query((rs, n) -> new EmailItem.Attachment(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), rs.getString(8)))
                .list());
        return new EmailItem(item.id(), item.mailboxId(), item.messageId(), item.contentHash(), item.inReplyTo(),
                item.references(), item.subtype(), item.from(), item.replyTo(), item.to(), item.cc(), item.subject(),
                item.textBody(), item.htmlBody(), item.importance(), item.receivedAt(), item.headers(), attachments,
                item.unparsable(), item.unparsableReason(), item.rawSourceSize(), item.taskId(), item.threadTaskId(),
                item.createdAt());
    }

    private static final String SELECT = """
            SELECT e.email_id, e.seq, e.mailbox_id, e.message_id, e.content_hash, e.in_reply_to, e.refs::text AS refs,
                e.subtype, e.from_address, e.from_name, e.reply_to::text AS reply_to,
                e.to_addresses::text AS to_addresses, e.cc_addresses::text AS cc_addresses, e.subject, e.text_body,
                e.html_body, e.importance, e.received_at, e.headers::text AS headers, e.unparsable,
                e.unparsable_reason, octet_length(e.raw_source)::bigint AS raw_size, e.task_id, e.thread_task_id,
                e.created_at
            FROM email_item e""";

    private EmailItem map(ResultSet rs, int row) throws SQLException {
        String fromAddress = rs.getString("from_address");
        Timestamp received = rs.getTimestamp("received_at");
        return new EmailItem(rs.getString("email_id"), rs.getString("mailbox_id"), rs.getString("message_id"),
                rs.getString("content_hash"), rs.getString("in_reply_to"),
                json.readValue(rs.getString("refs"), STRINGS),
                rs.getString("subtype"), fromAddress == null && rs.getString("from_name") == null ? null
                        : new EmailAddress(fromAddress, rs.getString("from_name")),
                json.readValue(rs.getString("reply_to"), ADDRESSES), json.readValue(rs.getString("to_addresses"),
                        ADDRESSES), json.readValue(rs.getString("cc_addresses"), ADDRESSES), rs.getString("subject"),
                rs.getString("text_body"), rs.getString("html_body"), rs.getString("importance"),
                received == null ? null : received.toInstant(), json.readValue(rs.getString("headers"), HEADERS),
                List.of(), rs.getBoolean("unparsable"), rs.getString("unparsable_reason"),
                (Long) rs.getObject("raw_size"), (Long) rs.getObject("task_id"), (Long) rs.getObject("thread_task_id"),
                rs.getTimestamp("created_at").toInstant());
    }
}
