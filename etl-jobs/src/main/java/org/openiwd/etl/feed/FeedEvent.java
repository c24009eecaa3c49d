package org.openiwd.etl.feed;

import java.time.Instant;

/** A task event of the IWD reporting feed (DESIGN §4.3), validated: ids positive, type and status known. */
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
        int heldTimeSec) {
}
