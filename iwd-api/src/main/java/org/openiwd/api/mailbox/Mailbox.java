package org.openiwd.api.mailbox;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A mailbox as responses show it: every setting, the secrets replaced by flags saying whether each is set, its
 * versioning (as configuration objects have it) and the status the email service last reported.
 */
@Schema(name = "Mailbox")
record Mailbox(
        String id,
        String name,
        String type,
        String address,
        String displayName,
        boolean enabled,
        boolean defaultOutbound,
        String pollInterval,
        Inbound inbound,
        Outbound outbound,
        Routing routing,
        boolean autoAcknowledge,
        @Schema(description = "1 when created, one more with each change; the ETag") int version,
        @Schema(description = "The tenant's configuration revision of the latest change") long revision,
        @Schema(description = "Retired (DELETE): kept for history, no longer polled") boolean deleted,
        Instant createdAt,
        Instant updatedAt,
        MailboxStatus status) {

    @Schema(name = "MailboxInbound")
    record Inbound(String host, int port, String security, String user, String auth, boolean passwordSet,
            OAuth2 oauth2, MailboxSettings.Folders folders) {
    }

    @Schema(name = "MailboxOutbound")
    record Outbound(String host, int port, String security, String auth, String user, boolean passwordSet,
            OAuth2 oauth2, boolean sameAsInbound) {
    }

    @Schema(name = "MailboxOAuth2")
    record OAuth2(String tokenEndpoint, String grant, String clientId, boolean clientSecretSet, String scope,
            boolean refreshTokenSet, boolean serviceAccountKeySet, String delegatedUser) {
    }
}
