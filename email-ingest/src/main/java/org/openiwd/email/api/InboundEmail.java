package org.openiwd.email.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /emails}: one inbound message, parsed or unparsable. Idempotent in the API on mailbox +
 * {@code messageId}, or + {@code contentHash} when the message has no Message-ID.
 */
public record InboundEmail(String mailboxId, String messageId, String contentHash, String inReplyTo,
        List<String> references, String subtype, Address from, List<Address> replyTo, List<Address> to,
        List<Address> cc, String subject, String textBody, String htmlBody, String importance,
        OffsetDateTime receivedAt, Map<String, String> headers, List<Attachment> attachments, boolean unparsable,
        String unparsableReason, String rawSource) {

    /** An address with its display name (may be null). */
    public record Address(String address, String name) {
    }

    /**
     * An attachment: {@code content} is base64, null when blocked.
     *
     * @param contentId the Content-ID without angle brackets, for inline parts referenced by the HTML body
     */
    public record Attachment(String fileName, String contentType, long size, String contentId, boolean inline,
            String content, boolean blocked, String blockedReason) {
    }

    /** The answer of {@code POST /emails}; {@code created} is false for a repeat. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Submitted(String id, Long taskId, Long threadTaskId, boolean created, boolean unparsable) {
    }
}
