package org.openiwd.api.mailbox;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A mailbox's settings without any secret, defaults filled in: what {@code config_object.settings} holds and the
 * configuration events carry, and, with the flags of the secrets that are set, what responses show.
 */
record MailboxSettings(
        String type,
        String address,
        String displayName,
        boolean enabled,
        boolean defaultOutbound,
        String pollInterval,
        Inbound inbound,
        Outbound outbound,
        Routing routing,
        boolean autoAcknowledge) {

    record Inbound(String host, int port, String security, String user, String auth, OAuth2 oauth2,
            Folders folders) {
    }

    record Outbound(String host, int port, String security, String auth, String user, OAuth2 oauth2,
            boolean sameAsInbound) {
    }

    record OAuth2(String tokenEndpoint, String grant, String clientId, String scope, String delegatedUser) {
    }

    @Schema(name = "MailboxFolders")
    record Folders(
            @Schema(defaultValue = "INBOX") String inbox,
            @Schema(defaultValue = "Processed") String processed,
            @Schema(defaultValue = "Unparsable") String unparsable) {
    }

    MailboxSettings withDefaultOutbound(boolean value) {
        return new MailboxSettings(type, address, displayName, enabled, value, pollInterval, inbound, outbound,
                routing, autoAcknowledge);
    }
}
