package org.openiwd.email.api;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A mailbox as {@code GET /mailboxes} gives it to the email role: its settings without the secrets, and its
 * status, where the IMAP position that every replica continues from is kept.
 *
 * @param id unique within the tenant
 * @param type {@code imap}, {@code gmail} or {@code office365}
 * @param address the mailbox's own address, the From of its outbound mail
 * @param outbound null when the mailbox only receives
 * @param version increases with every change of the settings (the registry reloads a mailbox when it changes)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Mailbox(String id, String name, String type, String address, String displayName, boolean enabled,
        boolean defaultOutbound, Duration pollInterval, Inbound inbound, Outbound outbound, boolean autoAcknowledge,
        Long version, Status status) {

    /** The mailbox's poll interval, one minute when the API gives none. */
    public Duration pollEvery() {
        return pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
    }

    /** IMAP settings. {@code security} is {@code ssl}, {@code starttls} or {@code none}; {@code auth} {@code password} or {@code oauth2}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Inbound(String host, int port, String security, String user, String auth, OAuth2 oauth2,
            Folders folders) {

        public Folders foldersOrDefault() {
            return folders == null ? new Folders(null, null, null) : folders;
        }
    }

    /** SMTP settings; {@code auth} is {@code password}, {@code oauth2} or {@code none}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Outbound(String host, int port, String security, String auth, String user, OAuth2 oauth2,
            boolean sameAsInbound) {
    }

    /**
     * OAuth2 client settings (without secrets).
     *
     * @param grant {@code client_credentials}, {@code refresh_token} or {@code service_account}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OAuth2(String tokenEndpoint, String grant, String clientId, String scope, String delegatedUser) {
    }

    /** The folders of a mailbox; defaults INBOX, Processed, Unparsable. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Folders(String inbox, String processed, String unparsable) {

        public Folders {
            inbox = inbox == null || inbox.isBlank() ? "INBOX" : inbox;
            processed = processed == null || processed.isBlank() ? "Processed" : processed;
            unparsable = unparsable == null || unparsable.isBlank() ? "Unparsable" : unparsable;
        }
    }

    /** What the API knows of the mailbox's connections and IMAP position. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(Map<String, Object> inbound, Map<String, Object> outbound, Position position) {
    }

    /** Where polling continues: the folder's UIDVALIDITY and the last UID fully processed under it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Position(long uidValidity, long lastUid) {
    }

    /** The stored position, or null. */
    public Position position() {
        return status == null ? null : status.position();
    }

    /** A connection state for {@code PUT /mailboxes/{id}/status}. */
    public record ConnectionReport(String state, OffsetDateTime checkedAt, OffsetDateTime lastPollAt,
            String lastError) {

        public static ConnectionReport connected(OffsetDateTime at, boolean polled) {
            return new ConnectionReport("connected", at, polled ? at : null, null);
        }

        public static ConnectionReport error(OffsetDateTime at, String error) {
            return new ConnectionReport("error", at, null, error);
        }
    }

    /** The body of {@code PUT /mailboxes/{id}/status}: each part may be null (kept as it is). */
    public record StatusUpdate(ConnectionReport inbound, ConnectionReport outbound, Position position) {
    }

    /** The secrets of {@code GET /mailboxes/{id}/credentials}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Credentials(Secrets inbound, Secrets outbound) {

        public static final Credentials NONE = new Credentials(Secrets.NONE, Secrets.NONE);

        public Secrets inboundOrNone() {
            return inbound == null ? Secrets.NONE : inbound;
        }

        public Secrets outboundOrNone() {
            return outbound == null ? Secrets.NONE : outbound;
        }
    }

    /** One side's secrets; {@link #toString()} never shows them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Secrets(String password, String clientSecret, String refreshToken, String serviceAccountKey) {

        public static final Secrets NONE = new Secrets(null, null, null, null);

        @Override
        public String toString() {
            return "Secrets[hidden]";
        }
    }
}
