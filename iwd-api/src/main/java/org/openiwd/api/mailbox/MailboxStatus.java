package org.openiwd.api.mailbox;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the email service last reported about a mailbox (body of {@code PUT /mailboxes/{id}/status} and the
 * {@code status} of a mailbox): each part optional, absent parts are kept.
 */
@Schema(name = "MailboxStatus")
record MailboxStatus(Connection inbound, Connection outbound, Position position,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) Instant updatedAt) {

    static final MailboxStatus NONE = new MailboxStatus(null, null, null, null);

    /** {@code lastPollAt} is for the inbound side only. */
    @Schema(name = "MailboxConnection")
    record Connection(
            @Schema(allowableValues = {"connected", "error"}, requiredMode = Schema.RequiredMode.REQUIRED)
            String state,
            OffsetDateTime checkedAt,
            OffsetDateTime lastPollAt,
            String lastError) {
    }

    /** The IMAP position: moves forward only under one {@code uidValidity}; another one replaces it. */
    @Schema(name = "MailboxPosition")
    record Position(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Long uidValidity,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Long lastUid) {
    }
}
