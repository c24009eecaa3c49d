package org.openiwd.api.email;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An item of the outbound queue, whole: what the email service needs to send it (resolved From, recipients,
 * bodies, attachment content, threading headers) and where it stands.
 *
 * @param status queued, retry, sent, failed or bounced; failed and bounced are final, sent may still bounce
 * @param attempts how many times sending was retried
 */
@Schema(name = "OutboundEmail")
record OutboundEmail(
        String id,
        String status,
        String subtype,
        String mailboxId,
        EmailAddress from,
        String messageId,
        String inReplyToEmailId,
        String inReplyTo,
        List<String> references,
        Long taskId,
        Long threadTaskId,
        List<EmailAddress> to,
        List<EmailAddress> cc,
        List<EmailAddress> bcc,
        String subject,
        String textBody,
        String htmlBody,
        List<Attachment> attachments,
        int attempts,
        Instant nextAttemptAt,
        Instant sentAt,
        String reason,
        Instant createdAt,
        Instant updatedAt) {

    @Schema(name = "OutboundAttachment")
    record Attachment(String fileName, String contentType, long size, @Schema(description = "Base64") byte[] content) {
    }
}
