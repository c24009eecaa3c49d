package org.openiwd.api.email;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** An inbound email item as {@code GET /emails} shows it: everything but attachment content and raw source. */
@Schema(name = "EmailItem")
record EmailItem(
        String id,
        String mailboxId,
        String messageId,
        String contentHash,
        String inReplyTo,
        List<String> references,
        String subtype,
        EmailAddress from,
        List<EmailAddress> replyTo,
        List<EmailAddress> to,
        List<EmailAddress> cc,
        String subject,
        String textBody,
        String htmlBody,
        String importance,
        Instant receivedAt,
        Map<String, String> headers,
        List<Attachment> attachments,
        boolean unparsable,
        String unparsableReason,
        @Schema(description = "Size of the raw source kept (unparsable items), read at /emails/{id}/raw")
        Long rawSourceSize,
        Long taskId,
        Long threadTaskId,
        Instant createdAt) {

    /** An attachment's metadata; its content is at {@code /emails/{id}/attachments/{index}}. */
    @Schema(name = "EmailAttachment")
    record Attachment(int index, String fileName, String contentType, long size, String contentId, boolean inline,
            boolean blocked, String blockedReason) {
    }
}
