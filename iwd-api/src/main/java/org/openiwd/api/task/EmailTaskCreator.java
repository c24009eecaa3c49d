package org.openiwd.api.task;

import org.openiwd.api.email.EmailTasks;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.springframework.stereotype.Component;

/**
 * The task side of email items: creates their tasks through {@link TaskService#create}, the one creation path
 * (classification, events, idempotency on capture id), as the tenant's email role, in the caller's transaction.
 */
@Component
class EmailTaskCreator implements EmailTasks {

    static final String MEDIA_TYPE = "email";

    private final TaskService service;
    private final TaskRepository tasks;

    EmailTaskCreator(TaskService service, TaskRepository tasks) {
        this.service = service;
        this.tasks = tasks;
    }

    @Override
    public long create(String tenantId, EmailTask t) {
        CreateTaskRequest request = new CreateTaskRequest(t.captureId(), t.capturePointId(), t.solutionId(),
                t.departmentId(), t.processId(), t.categoryId(), t.queueId(), MEDIA_TYPE, t.priority(), null, null,
                null, t.sourceCreatedAt(), t.subject(), t.description(), t.customer(), t.attributes(), null);
        return service.create(new Caller(Role.EMAIL, tenantId, false), request).task().id();
    }

    @Override
    public boolean exists(String tenantId, long taskId) {
        return tasks.find(tenantId, taskId).isPresent();
    }
}
