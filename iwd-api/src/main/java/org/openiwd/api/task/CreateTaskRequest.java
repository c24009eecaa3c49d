package org.openiwd.api.task;

import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /tasks}. Ids of configuration objects are strings of at most 64 characters; times are
 * ISO-8601 with an offset. {@code occurredAt} is for keys with the import role only.
 */
public record CreateTaskRequest(
        @NotBlank @Size(max = 128) String captureId,
        @Size(max = 64) @Pattern(regexp = ID) String capturePointId,
        @Size(max = 64) @Pattern(regexp = ID) String solutionId,
        @Size(max = 64) @Pattern(regexp = ID) String departmentId,
        @Size(max = 64) @Pattern(regexp = ID) String processId,
        @Size(max = 64) @Pattern(regexp = ID) String categoryId,
        @Size(max = 64) @Pattern(regexp = ID) String queueId,
        @Size(max = 64) @Pattern(regexp = ID) String mediaType,
        Integer priority,
        Integer businessValue,
        OffsetDateTime dueAt,
        OffsetDateTime activationAt,
        OffsetDateTime sourceCreatedAt,
        @Size(max = 1000) String subject,
        @Size(max = 65_536) String description,
        @Size(max = 50) Map<String, Object> customer,
        @Size(max = 100) Map<String, Object> attributes,
        OffsetDateTime occurredAt) {

    /** Identifiers: printable, no spaces, so they travel in URLs and CSV exports unchanged. */
    static final String ID = "[A-Za-z0-9_.:@-]+";
}
