package org.openiwd.etl.console.executions;

import java.time.OffsetDateTime;

/**
 * An event a run could not load, kept in its tenant's {@code etl_quarantine}.
 *
 * @param id the quarantine row
 * @param feed {@code task} or {@code config}
 * @param eventId the event's feed position, when it had a readable one
 * @param reason why it was refused
 * @param rawPayload the event as the feed gave it
 * @param quarantinedAt when
 */
public record QuarantinedItem(long id, String feed, Long eventId, String reason, String rawPayload,
        OffsetDateTime quarantinedAt) {
}
