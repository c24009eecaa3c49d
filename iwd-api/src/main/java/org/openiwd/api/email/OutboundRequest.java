package org.openiwd.api.email;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /emails/outbound}: a reply, acknowledgement, auto-response or redirect of an inbound
 * item, or a new mail. What is left out is derived from the inbound item (mailbox, recipients, subject, threading).
 */
@Schema(name = "OutboundRequest")
record OutboundRequest(
        @Schema(allowableValues = {"OutboundReply", "OutboundNew", "OutboundAcknowledgement", "OutboundAutoResponse",
            "OutboundRedirect"}, requiredMode = Schema.RequiredMode.REQUIRED)
        String subtype,
        @Schema(description = "Null: the mailbox of the inbound item replied to, else the tenant's default outbound "
                + "mailbox") String mailboxId,
        @Schema(description = "The inbound item this refers to; required but for OutboundNew") String inReplyToEmailId,
        Long taskId,
        List<EmailAddress> to,
        List<EmailAddress> cc,
        List<EmailAddress> bcc,
        String subject,
        String textBody,
        String htmlBody,
        List<Attachment> attachments) {

    @Schema(name = "OutboundAttachmentRequest")
    record Attachment(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String fileName,
            String contentType,
            @Schema(description = "Base64", requiredMode = Schema.RequiredMode.REQUIRED) byte[] content) {
    }
}
