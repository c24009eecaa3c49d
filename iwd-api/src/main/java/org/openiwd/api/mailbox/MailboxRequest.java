package org.openiwd.api.mailbox;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST} and {@code PUT /mailboxes}: the settings of docs/email-api.md, with the secrets
 * write-only. A secret left out of a {@code PUT} keeps the stored one, a JSON {@code null} clears it, which is why
 * secrets are read as JSON nodes (absent: {@code null}; null: a null node). {@link MailboxValidator} checks the
 * whole body and fills in the defaults.
 */
@Schema(name = "MailboxRequest")
record MailboxRequest(
        @Schema(pattern = "^[A-Za-z0-9_.:@-]{1,64}$", description = "Unique per tenant; generated when absent")
        String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
        @Schema(allowableValues = {"imap", "gmail", "office365"}, requiredMode = Schema.RequiredMode.REQUIRED)
        String type,
        @Schema(description = "The mailbox's own address, the From of its outbound mail",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String address,
        String displayName,
        @Schema(defaultValue = "true") Boolean enabled,
        @Schema(defaultValue = "false", description = "At most one per tenant: setting it clears the previous one")
        Boolean defaultOutbound,
        @Schema(defaultValue = "PT1M", description = "ISO-8601 duration, PT5S to PT1H") String pollInterval,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Inbound inbound,
        @Schema(description = "Absent: the mailbox only receives") Outbound outbound,
        Routing routing,
        @Schema(defaultValue = "false") Boolean autoAcknowledge) {

    @Schema(name = "MailboxInboundRequest")
    record Inbound(
            String host,
            Integer port,
            @Schema(allowableValues = {"ssl", "starttls", "none"}) String security,
            String user,
            @Schema(allowableValues = {"password", "oauth2"}) String auth,
            @Schema(type = "string", nullable = true, accessMode = Schema.AccessMode.WRITE_ONLY) JsonNode password,
            OAuth2 oauth2,
            MailboxSettings.Folders folders) {
    }

    @Schema(name = "MailboxOutboundRequest")
    record Outbound(
            String host,
            Integer port,
            @Schema(allowableValues = {"starttls", "ssl", "none"}) String security,
            @Schema(allowableValues = {"password", "oauth2", "none"}) String auth,
            String user,
            @Schema(type = "string", nullable = true, accessMode = Schema.AccessMode.WRITE_ONLY) JsonNode password,
            OAuth2 oauth2,
            @Schema(description = "With auth oauth2: use the inbound OAuth2 settings and secrets")
            Boolean sameAsInbound) {
    }

    @Schema(name = "MailboxOAuth2Request")
    record OAuth2(
            String tokenEndpoint,
            @Schema(allowableValues = {"client_credentials", "refresh_token", "service_account"}) String grant,
            String clientId,
            @Schema(type = "string", nullable = true, accessMode = Schema.AccessMode.WRITE_ONLY) JsonNode clientSecret,
            String scope,
            @Schema(type = "string", nullable = true, accessMode = Schema.AccessMode.WRITE_ONLY) JsonNode refreshToken,
            @Schema(type = "string", nullable = true, accessMode = Schema.AccessMode.WRITE_ONLY,
                    description = "The JSON key of a service account")
            JsonNode serviceAccountKey,
            String delegatedUser) {
    }
}
