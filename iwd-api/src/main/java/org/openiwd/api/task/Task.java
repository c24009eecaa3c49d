package org.openiwd.api.task;

import java.time.Instant;
import java.util.Map;

import org.openiwd.api.lifecycle.TaskStatus;

/** A work item as the API shows it and as the service changes it; {@code version} is its ETag. */
public record Task(
        long id,
        String captureId,
        String capturePointId,
        TaskStatus status,
        TaskStatus heldFromStatus,
        int version,
        String solutionId,
        String departmentId,
        String processId,
        String categoryId,
        String queueId,
        String agentId,
        String mediaType,
        Integer priority,
        Integer businessValue,
        Instant dueAt,
        Instant activationAt,
        Instant sourceCreatedAt,
        String subject,
        String description,
        Map<String, Object> customer,
        Map<String, Object> attributes,
        String resultCode,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        Instant lastEventAt) {
}
