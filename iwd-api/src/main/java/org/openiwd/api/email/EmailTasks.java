package org.openiwd.api.email;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * What the email feature needs of tasks, implemented by the task feature (so that tasks are created by their one
 * creation path, and the email feature does not depend on the task package). Both methods join the caller's
 * transaction.
 */
public interface EmailTasks {

    /**
     * Creates the task of an email item (media type {@code email}) and returns its id; a repeat of the capture id
     * returns the existing task's id.
     */
    long create(String tenantId, EmailTask task);

    /** Whether the tenant has this task. */
    boolean exists(String tenantId, long taskId);

    /** The task of an email item; ids of configuration objects may be null. */
    record EmailTask(String captureId, String capturePointId, String solutionId, String departmentId,
            String processId, String categoryId, String queueId, Integer priority, String subject,
            String description, OffsetDateTime sourceCreatedAt, Map<String, Object> customer,
            Map<String, Object> attributes) {
    }
}
