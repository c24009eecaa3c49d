package org.openiwd.etl.feed;

import java.time.Instant;
import java.util.Map;

/**
 * A task event of the IWD reporting feed (DESIGN §4.3), validated: ids positive, type and status known.
 * {@code attributes} are the task's custom attributes after the event: each a {@code String}, a
 * {@code java.math.BigDecimal} or a {@code Boolean}, by name.
 */
public record FeedEvent(
        long id,
        long taskId,
        String captureId,
        int taskVersion,
        String type,
        String status,
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
        int workTimeSec,
        int heldTimeSec,
        Map<String, Object> attributes) {
}
