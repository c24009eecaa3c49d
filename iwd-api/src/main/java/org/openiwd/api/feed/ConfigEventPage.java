package org.openiwd.api.feed;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON of a {@code GET /reporting/config-events} page, for the OpenAPI document only:
 * {@link ConfigEventFeedWriter} streams it field by field instead of serialising this record.
 * {@code OpenApiDocumentTest} checks that a real page matches.
 *
 * @param events in ascending feed order
 * @param next the cursor to pass as {@code after} for the next page
 */
@Schema(name = "ConfigEventPage", requiredProperties = {"events", "next"})
record ConfigEventPage(
        List<ConfigEvent> events,
        @Schema(description = "The `id` of the last event returned, or `after` when there was none: the `after` "
                + "of the next page") long next) {

    @Schema(name = "ConfigEvent", description = "One change of a configuration object",
            requiredProperties = {"id", "kind", "objectId", "version", "operation", "object", "occurredAt"})
    record ConfigEvent(
            @Schema(description = "The event's position in the feed: increasing, the cursor") long id,
            @Schema(example = "process") String kind,
            String objectId,
            @Schema(description = "The object's version after the change") int version,
            @Schema(allowableValues = {"created", "updated", "deleted"}) String operation,
            @Schema(ref = "#/components/schemas/ConfigObject", description = "The object after the change")
            Object object,
            Instant occurredAt) {
    }
}
