package org.openiwd.api.mailbox;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How the tasks of a mailbox's messages are classified: ids of live configuration objects of the tenant, all
 * optional, and the task priority for each importance of a message (none given: the task has no priority).
 */
@Schema(name = "MailboxRouting")
public record Routing(
        String capturePointId,
        String solutionId,
        String departmentId,
        String processId,
        String categoryId,
        String queueId,
        Priorities priorities) {

    static final Routing NONE = new Routing(null, null, null, null, null, null, null);

    @Schema(name = "MailboxPriorities")
    public record Priorities(Integer high, Integer normal, Integer low) {
    }

    /** The task priority for a message of this importance ({@code high}, {@code normal}, {@code low}). */
    public Integer priorityOf(String importance) {
        if (priorities == null) {
            return null;
        }
        return switch (importance == null ? "normal" : importance) {
            case "high" -> priorities.high();
            case "low" -> priorities.low();
            default -> priorities.normal();
        };
    }
}
