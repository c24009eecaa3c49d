package org.openiwd.etl.feed;

import java.time.Instant;

/**
 * A configuration change of the IWD configuration feed: the object as it is after the change.
 *
 * @param kind solution, department, process, category, capture_point, queue, business_calendar, mailbox
 * @param operation created, updated or deleted
 */
public record ConfigEvent(long id, String kind, String objectId, int version, String operation, String name,
        String parentId, Instant occurredAt) {
}
