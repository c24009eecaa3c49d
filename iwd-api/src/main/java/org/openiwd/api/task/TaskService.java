package org.openiwd.api.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.openiwd.api.config.Classification;
import org.openiwd.api.lifecycle.Lifecycle;
import org.openiwd.api.lifecycle.TaskAction;
import org.openiwd.api.lifecycle.TaskEventType;
import org.openiwd.api.lifecycle.TaskStatus;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.openiwd.api.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates tasks and moves them through the lifecycle. Each change is one transaction (a create: one statement, see
 * {@link #create}): the task change and its reporting events commit together or not at all. Changes of one task
 * are serialised by a row lock.
 */
@Service
class TaskService {

    /**
     * The earliest event time an import may give. The work and held seconds between two events are an
     * {@code integer} in the event table and the Data Mart's facts; with events no earlier than this and none in
     * the future, the seconds between two of a task's events, and their sum over the task, fit until 2068.
     */
    static final Instant EARLIEST_EVENT = Instant.parse("2000-01-01T00:00:00Z");

    private final TaskRepository tasks;
    private final TaskInsertBatcher inserts;
    private final TaskEventLog events;
    private final Classification classification;
    private final Clock clock;

    TaskService(TaskRepository tasks, TaskInsertBatcher inserts, TaskEventLog events, Classification classification,
            Clock clock) {
        this.tasks = tasks;
        this.inserts = inserts;
        this.events = events;
        this.classification = classification;
        this.clock = clock;
    }

    /** The task, and whether this call created it (false: a repeat of capture point and capture id). */
    record Outcome(Task task, boolean created) {
    }

    /**
     * Creates a task ({@code Created}), and classifies it at once: {@code Queued} when its process is live and its
     * activation time has come, {@code ErrorHeld} when its process is unknown or retired. A task classified at
     * creation is inserted in its classified state, with both events ({@code Created} as the task was before
     * classification, then {@code Queued} or {@code ErrorHeld}), as if created and classified one after the other.
     *
     * <p>Transactions: the task, its events and its search outbox row are one statement
     * ({@link TaskRepository#insertAllIfAbsent}). In the caller's transaction when there is one (an email's); without
     * one the statement commits on its own, atomic as any statement, and is shared with the creates of other requests
     * at the same moment ({@link TaskInsertBatcher}): one round trip and one commit for all of them. The repeat of a
     * capture id reads the existing task in a second statement: the insert found it committed.
     */
    Outcome create(Caller caller, CreateTaskRequest request) {
        String tenant = caller.tenant();
        TaskAttributes.validate(request.attributes(), false);
        Instant at = eventTime(caller, request.occurredAt(), null);
        TaskEventType classifiedAs = classification(tenant, request.processId(),
                request.activationAt() == null ? null : request.activationAt().toInstant(), at);
        var task = new TaskRepository.NewTask(tenant, request, at, initialState(classifiedAs, request.processId()));
        Optional<Task> inserted = inserts.insertIfAbsent(task);
        if (inserted.isEmpty()) {
            Task existing = tasks.findByCapture(tenant, request.capturePointId(), request.captureId())
                    .orElseThrow(() -> new IllegalStateException("conflicting task vanished"));
            return new Outcome(existing, false);
        }
        events.creationAppended(tenant, classifiedAs);
        return new Outcome(inserted.get(), true);
    }

    private static TaskRepository.InitialState initialState(TaskEventType classifiedAs, String processId) {
        if (classifiedAs == null) {
            return TaskRepository.InitialState.NEW;
        }
        return classifiedAs == TaskEventType.Queued
                ? new TaskRepository.InitialState(TaskStatus.Queued, null, null)
                : new TaskRepository.InitialState(TaskStatus.ErrorHeld, TaskStatus.New, unknownProcess(processId));
    }

    @Transactional(readOnly = true)
    Task get(Caller caller, long taskId) {
        return tasks.find(caller.tenant(), taskId).orElseThrow(() -> ApiProblem.notFound("Task " + taskId));
    }

    @Transactional(readOnly = true)
    long idOf(Caller caller, String capturePointId, String captureId) {
        return tasks.findByCapture(caller.tenant(), capturePointId, captureId)
                .orElseThrow(() -> ApiProblem.notFound("Task " + capturePointId + "/" + captureId))
                .id();
    }

    @Transactional(readOnly = true)
    List<Map<String, Object>> history(Caller caller, long taskId) {
        get(caller, taskId);
        return events.history(taskId);
    }

    /** Applies {@code action} as the lifecycle table allows, or answers 409 naming the state and the action. */
    @Transactional
    Task act(Caller caller, long taskId, TaskAction action, ActionRequest body) {
        Task task = tasks.lock(caller.tenant(), taskId).orElseThrow(() -> ApiProblem.notFound("Task " + taskId));
        // The state decides first: an action the state refuses is a 409 whatever the body lacks. Whether a transfer
        // goes to an agent changes only where a legal one leads, and the body's check below makes it exact.
        TaskStatus next = transition(task, action, body.agentId() != null);
        if (action == TaskAction.TRANSFER) {
            requireOneTransferTarget(body);
        }
        if (action == TaskAction.ASSIGN && body.agentId() == null) {
            throw ApiProblem.badRequest("agent-required", "assign needs an agentId.");
        }
        Instant at = eventTime(caller, body.occurredAt(), task.lastEventAt());
        long elapsed = Math.max(0, Duration.between(task.lastEventAt(), at).toSeconds());
        long work = task.status() == TaskStatus.Assigned ? elapsed : 0;
        long held = task.status().isHeld() ? elapsed : 0;

        Task changed = changedBy(task, action, next, body, at);
        tasks.updateState(changed);
        events.append(taskId, action.eventType(), at, task.queueId(), task.agentId(), work, held);
        return changed.status() == TaskStatus.New ? classify(caller.tenant(), changed, at) : changed;
    }

    /**
     * Changes a task's details ({@code Updated}); 412 when {@code ifMatch} is given and the task moved on, 409 when
     * the task is final. A {@code New} task is classified again, as its process or activation time may have
     * changed.
     */
    @Transactional
    Task patch(Caller caller, long taskId, TaskPatch patch, Integer ifMatch) {
        Task task = tasks.lock(caller.tenant(), taskId).orElseThrow(() -> ApiProblem.notFound("Task " + taskId));
        if (ifMatch != null && ifMatch != task.version()) {
            throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Precondition failed",
                    "Task " + taskId + " is at version " + task.version() + ", not " + ifMatch + ".");
        }
        if (task.status().isFinal()) {
            ApiProblem problem = new ApiProblem(HttpStatus.CONFLICT, "invalid-transition", "Invalid transition",
                    "A task in state " + task.status() + " cannot be changed.");
            problem.getBody().setProperty("taskStatus", task.status().name());
            problem.getBody().setProperty("action", "patch");
            throw problem;
        }
        TaskAttributes.validate(patch.attributes(), true);
        Instant at = eventTime(caller, patch.occurredAt(), task.lastEventAt());
        long elapsed = Math.max(0, Duration.between(task.lastEventAt(), at).toSeconds());
        Task changed = patched(task, patch, at);
        tasks.updateDetails(changed);
        events.append(taskId, TaskEventType.Updated, at, task.queueId(), task.agentId(),
                task.status() == TaskStatus.Assigned ? elapsed : 0, task.status().isHeld() ? elapsed : 0);
        return classify(caller.tenant(), changed, at);
    }

    /**
     * Queues (or error-holds) up to {@code limit} classified {@code New} tasks whose activation time has come, each
     * with its event at its activation time. Safe on every replica at once: the tasks are locked and skipped.
     */
    @Transactional
    int activateDue(int limit) {
        Instant now = clock.instant();
        List<Task> due = tasks.lockDueForActivation(now, limit);
        for (Task task : due) {
            Instant at = task.activationAt().isAfter(task.lastEventAt()) ? task.activationAt() : task.lastEventAt();
            classify(tenantOf(task), task, at);
        }
        return due.size();
    }

    private String tenantOf(Task task) {
        return tasks.tenantOf(task.id());
    }

    private static Task patched(Task t, TaskPatch p, Instant at) {
        Map<String, Object> attributes = new java.util.LinkedHashMap<>(t.attributes());
        if (p.attributes() != null) {
            p.attributes().forEach((name, value) -> {
                if (value == null) {
                    attributes.remove(name);
                }
                else {
                    attributes.put(name, value);
                }
            });
            TaskAttributes.validate(attributes, false);
        }
        return new Task(t.id(), t.captureId(), t.capturePointId(), t.status(), t.heldFromStatus(), t.version() + 1,
                or(p.solutionId(), t.solutionId()), or(p.departmentId(), t.departmentId()),
                or(p.processId(), t.processId()), or(p.categoryId(), t.categoryId()), or(p.queueId(), t.queueId()),
                t.agentId(), or(p.mediaType(), t.mediaType()), or(p.priority(), t.priority()),
                or(p.businessValue(), t.businessValue()),
                p.dueAt() != null ? p.dueAt().toInstant() : t.dueAt(),
                p.activationAt() != null ? p.activationAt().toInstant() : t.activationAt(), t.sourceCreatedAt(),
                or(p.subject(), t.subject()), or(p.description(), t.description()), or(p.customer(), t.customer()),
                attributes, t.resultCode(), t.reason(), t.createdAt(), at, at);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * Where classifying a {@code New} task at {@code at} leads: {@code ErrorHeld} (resumable to {@code New}) when
     * its process is unknown or retired, {@code Queued} once its activation time has come, {@code null} (it stays
     * {@code New}) without a process or before its activation time.
     */
    private TaskEventType classification(String tenant, String processId, Instant activationAt, Instant at) {
        if (processId == null) {
            return null;
        }
        if (!classification.isLiveProcess(tenant, processId)) {
            return TaskEventType.ErrorHeld;
        }
        return activationAt == null || !activationAt.isAfter(at) ? TaskEventType.Queued : null;
    }

    private static String unknownProcess(String processId) {
        return "Process " + processId + " is unknown or retired.";
    }

    /** Classifies a {@code New} task with a process (see {@link #classification}); other tasks stay as they are. */
    private Task classify(String tenant, Task task, Instant at) {
        if (task.status() != TaskStatus.New) {
            return task;
        }
        TaskEventType outcome = classification(tenant, task.processId(), task.activationAt(), at);
        if (outcome == null) {
            return task;
        }
        Task classified = outcome == TaskEventType.ErrorHeld
                ? with(task, TaskStatus.ErrorHeld, TaskStatus.New, task.queueId(), task.agentId(), task.resultCode(),
                        unknownProcess(task.processId()), at)
                : with(task, TaskStatus.Queued, null, task.queueId(), task.agentId(), task.resultCode(),
                        task.reason(), at);
        tasks.updateState(classified);
        events.append(task.id(), outcome, at, task.queueId(), task.agentId(), 0, 0);
        return classified;
    }

    private static Task changedBy(Task t, TaskAction action, TaskStatus next, ActionRequest body, Instant at) {
        return switch (action) {
            case ASSIGN -> with(t, next, null, body.queueId() != null ? body.queueId() : t.queueId(),
                    body.agentId(), t.resultCode(), t.reason(), at);
            case TRANSFER -> with(t, next, null, body.queueId() != null ? body.queueId() : t.queueId(),
                    body.agentId(), t.resultCode(), t.reason(), at);
            case COMPLETE -> with(t, next, null, t.queueId(), t.agentId(), body.resultCode(), t.reason(), at);
            case CANCEL, REJECT -> with(t, next, null, t.queueId(), t.agentId(), t.resultCode(), body.reason(), at);
            case HOLD -> with(t, next, t.status(), t.queueId(), t.agentId(), t.resultCode(), body.reason(), at);
            case RESUME -> with(t, next, null, t.queueId(), t.agentId(), t.resultCode(), t.reason(), at);
            case RESTART -> with(t, next, null, t.queueId(), null, null, null, at);
        };
    }

    private static Task with(Task t, TaskStatus status, TaskStatus heldFrom, String queueId, String agentId,
            String resultCode, String reason, Instant at) {
        return new Task(t.id(), t.captureId(), t.capturePointId(), status, heldFrom, t.version() + 1,
                t.solutionId(), t.departmentId(), t.processId(), t.categoryId(), queueId, agentId, t.mediaType(),
                t.priority(), t.businessValue(), t.dueAt(), t.activationAt(), t.sourceCreatedAt(), t.subject(),
                t.description(), t.customer(), t.attributes(), resultCode, reason, t.createdAt(), at, at);
    }

    /** Where {@code action} takes the task, or a 409 {@code invalid-transition} naming the state and the action. */
    private static TaskStatus transition(Task task, TaskAction action, boolean toAgent) {
        try {
            return Lifecycle.next(task.status(), action, toAgent, task.heldFromStatus());
        }
        catch (Lifecycle.InvalidTransitionException e) {
            ApiProblem problem = new ApiProblem(HttpStatus.CONFLICT, "invalid-transition", "Invalid transition",
                    e.getMessage());
            problem.getBody().setProperty("taskStatus", e.from().name());
            problem.getBody().setProperty("action", e.action().wireName());
            throw problem;
        }
    }

    private static void requireOneTransferTarget(ActionRequest body) {
        if ((body.agentId() == null) == (body.queueId() == null)) {
            throw ApiProblem.badRequest("transfer-target", "transfer needs exactly one of queueId and agentId.");
        }
    }

    /**
     * Now, or the explicit time an import key gave: not in the future and not before {@link #EARLIEST_EVENT}. Other
     * keys may not backdate, and no key may put an event before the task's previous one.
     */
    private Instant eventTime(Caller caller, OffsetDateTime requested, Instant previous) {
        Instant now = clock.instant();
        Instant at = now;
        if (requested != null) {
            if (caller.role() != Role.IMPORT) {
                throw ApiProblem.forbidden("Only keys with the import role may give occurredAt.");
            }
            at = requested.toInstant();
            if (at.isAfter(now)) {
                throw occurredAtProblem("occurred-in-future", "occurredAt is in the future.");
            }
            if (at.isBefore(EARLIEST_EVENT)) {
                throw occurredAtProblem("occurred-too-early", "occurredAt is before " + EARLIEST_EVENT + ".");
            }
        }
        if (previous != null && at.isBefore(previous)) {
            if (requested == null) {
                // Clock skew between replicas must not reorder a task's events: keep time monotonic per task.
                return previous;
            }
            throw ApiProblem.conflict("time-goes-backwards",
                    "occurredAt " + at + " is before the task's previous event at " + previous + ".");
        }
        return at;
    }

    private static ApiProblem occurredAtProblem(String code, String detail) {
        ApiProblem problem = ApiProblem.badRequest(code, detail);
        problem.getBody().setProperty("field", "occurredAt");
        return problem;
    }
}
