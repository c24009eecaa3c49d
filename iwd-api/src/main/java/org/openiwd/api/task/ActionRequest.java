package org.openiwd.api.task;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The optional body of {@code POST /tasks/{id}/{action}}: {@code agentId} and {@code queueId} for assign and
 * transfer, {@code resultCode} for complete, {@code reason} for reject, cancel and hold; {@code occurredAt} for
 * keys with the import role only.
 */
public record ActionRequest(
        @Size(max = 64) @Pattern(regexp = CreateTaskRequest.ID) String agentId,
        @Size(max = 64) @Pattern(regexp = CreateTaskRequest.ID) String queueId,
        @Size(max = 64) @Pattern(regexp = CreateTaskRequest.ID) String resultCode,
        @Size(max = 1000) String reason,
        OffsetDateTime occurredAt) {

    static final ActionRequest EMPTY = new ActionRequest(null, null, null, null, null);
}
