package org.openiwd.api.feed;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import org.openiwd.api.lifecycle.TaskEventType;
import org.openiwd.api.lifecycle.TaskStatus;

/**
 * The JSON of a {@code GET /reporting/events} page, for the OpenAPI document only: {@link TaskEventFeedWriter}
 * streams it field by field instead of serialising this record, and leaves out optional fields without a value.
 * {@code OpenApiDocumentTest} checks that a real page matches.
 *
 * @param events in ascending feed order
 * @param next the cursor to pass as {@code after} for the next page
 */
@Schema(name = "TaskEventPage", requiredProperties = {"events", "next"})
record TaskEventPage(
        List<TaskEvent> events,
        @Schema(description = "The `id` of the last event returned, or `after` when there was none: the `after` "
                + "of the next page") long next) {

    @Schema(name = "TaskEvent", description = "One change of a task, with the task's details after it",
            requiredProperties = {"id", "taskId", "captureId", "taskVersion", "type", "status", "occurredAt",
                "attributes", "workTimeSec", "heldTimeSec"})
    record TaskEvent(
            @Schema(description = "The event's position in the feed: increasing, the cursor") long id,
            long taskId,
            String captureId,
            @Schema(description = "The task's version after the event") int taskVersion,
            TaskEventType type,
            @Schema(description = "The task's status after the event") TaskStatus status,
            Instant occurredAt,
            String solutionId,
            String departmentId,
            String processId,
            String categoryId,
            String capturePointId,
            String queueId,
            String previousQueueId,
            String agentId,
            String previousAgentId,
            String mediaType,
            Integer priority,
            Integer businessValue,
            Instant dueAt,
            Instant activationAt,
            Instant sourceCreatedAt,
            String resultCode,
            String reason,
            @Schema(description = "The task's custom attributes") Map<String, Object> attributes,
            @Schema(description = "Seconds the task spent Assigned since its previous event") int workTimeSec,
            @Schema(description = "Seconds the task spent held since its previous event") int heldTimeSec) {
    }
}
