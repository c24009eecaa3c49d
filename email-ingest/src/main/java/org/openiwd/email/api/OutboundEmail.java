package org.openiwd.email.api;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A queued outbound item as {@code GET /emails/outbound} gives it to the email role: whole, with its resolved From,
 * its Message-ID and threading headers assigned by the API.
 *
 * @param status {@code queued}, {@code retry}, {@code sent}, {@code failed} or {@code bounced}
 * @param attempts failed attempts so far
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutboundEmail(String id, String subtype, String status, String mailboxId, String messageId,
        String inReplyTo, List<String> references, InboundEmail.Address from, List<InboundEmail.Address> to,
        List<InboundEmail.Address> cc, List<InboundEmail.Address> bcc, String subject, String textBody,
        String htmlBody, List<Attachment> attachments, int attempts, OffsetDateTime nextAttemptAt) {

    /** An attachment; {@code content} is base64. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attachment(String fileName, String contentType, String content) {
    }

    /** The body of {@code PUT /emails/outbound/{id}/status}. */
    public record StatusUpdate(String status, String reason, OffsetDateTime nextAttemptAt) {
    }

    /** Whether the item can no longer change ({@code failed}, {@code bounced}; a sent item may still bounce). */
    public boolean isFinal() {
        return "failed".equals(status) || "bounced".equals(status);
    }
}
