package org.openiwd.api.mailbox;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The secrets of a mailbox in clear, for the email service only ({@code GET /mailboxes/{id}/credentials}). An
 * outbound side with {@code sameAsInbound} gets the inbound OAuth2 secrets. Unset secrets are null.
 */
@Schema(name = "MailboxCredentials")
record MailboxCredentials(Secrets inbound, Secrets outbound) {

    @Schema(name = "MailboxSecrets")
    record Secrets(String password, String clientSecret, String refreshToken, String serviceAccountKey) {
    }
}
