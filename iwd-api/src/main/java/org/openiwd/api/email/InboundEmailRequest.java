package org.openiwd.api.email;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /emails}: one inbound message as the email service parsed it, or, flagged
 * {@code unparsable}, its raw source and the reason it could not be parsed. Binary content is base64 in JSON.
 */
@Schema(name = "InboundEmailRequest")
record InboundEmailRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String mailboxId,
        @Schema(description = "The Message-ID header, null when the message has none") String messageId,
        @Schema(description = "SHA-256 hex of the raw message", requiredMode = Schema.RequiredMode.REQUIRED)
        String contentHash,
        String inReplyTo,
        List<String> references,
        @Schema(allowableValues = {"InboundNew", "InboundCustomerReply"}) String subtype,
        EmailAddress from,
        List<EmailAddress> replyTo,
        List<EmailAddress> to,
        List<EmailAddress> cc,
        String subject,
        String textBody,
        String htmlBody,
        @Schema(allowableValues = {"high", "normal", "low"}) String importance,
        OffsetDateTime receivedAt,
        @Schema(description = "The few headers the API keeps, names in lower case (auto-submitted, precedence...)")
        Map<String, String> headers,
        List<Attachment> attachments,
        Boolean unparsable,
        String unparsableReason,
        @Schema(description = "Base64 of the raw message; required when unparsable") byte[] rawSource) {

    @Schema(name = "InboundAttachmentRequest")
    record Attachment(
            String fileName,
            String contentType,
            @Schema(description = "Decoded size in bytes") Long size,
            String contentId,
            Boolean inline,
            @Schema(description = "Base64; null when blocked") byte[] content,
            Boolean blocked,
            String blockedReason) {
    }
}
