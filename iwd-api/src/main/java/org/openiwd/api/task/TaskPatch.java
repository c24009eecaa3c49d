package org.openiwd.api.task;

import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PATCH /tasks/{id}}: each field given with a value replaces the task's; fields left out (or
 * null) stay. {@code attributes} are merged, and an attribute given as null is removed. {@code occurredAt} is for
 * keys with the import role only.
 */
public record TaskPatch(
        @Size(max = 64) @Pattern(regexp = CreateTaskRequest.ID) String solutionId,
        @Size(max = 64) @Pattern(regexp = CreateTaskRequest.ID) String departmentId,
        @Size(max = 64) @Pattern(regexp = CreateTaskRequest.ID) String processId,
        @Size(max = 64) @Pattern(regexp = CreateTaskRequest.ID) String categoryId,
        @Size(max = 64) @Pattern(regexp = CreateTaskRequest.ID) String queueId,
        @Size(max = 64) @Pattern(regexp = CreateTaskRequest.ID) String mediaType,
        Integer priority,
        Integer businessValue,
        OffsetDateTime dueAt,
        OffsetDateTime activationAt,
        @Size(max = 1000) String subject,
        @Size(max = 65_536) String description,
        @Size(max = 50) Map<String, Object> customer,
        @Size(max = 100) Map<String, Object> attributes,
        OffsetDateTime occurredAt) {
}
