package org.openiwd.api.task;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.openiwd.api.feed.FeedEventsAppended;
import org.openiwd.api.lifecycle.TaskEventType;
import org.openiwd.api.search.SearchOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends reporting events to {@code task_event}: each one a snapshot of the task row as the change left it, plus
 * what only the change knows (type, previous queue and agent, accrued work and held time). Runs in the caller's
 * transaction, so a change and its event commit together (a create's events are in its single statement, which
 * may run without one); the event gets its feed position after commit. Every event is also the task change the
 * search index learns of, through the search outbox in the same transaction or statement.
 */
@Component
class TaskEventLog {

    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher publisher;
    private final MeterRegistry meters;
    private final SearchOutbox searchOutbox;
    private final ConcurrentMap<String, Counter[]> counters = new ConcurrentHashMap<>();

    TaskEventLog(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher publisher, MeterRegistry meters,
            SearchOutbox searchOutbox) {
        this.jdbc = jdbc;
        this.json = json;
        this.publisher = publisher;
        this.meters = meters;
        this.searchOutbox = searchOutbox;
    }

    void append(long taskId, TaskEventType type, Instant at, String previousQueueId, String previousAgentId,
            long workTimeSec, long heldTimeSec) {
        Appended appended = jdbc.sql("""
                INSERT INTO task_event (tenant_id, task_id, capture_id, capture_point_id, task_version, type, status,
                    occurred_at, solution_id, department_id, process_id, category_id, queue_id, previous_queue_id,
                    agent_id, previous_agent_id, media_type, priority, business_value, due_at, activation_at,
                    source_created_at, result_code, reason, attributes, work_time_sec, held_time_sec)
                SELECT tenant_id, task_id, capture_id, capture_point_id, version, :type, status, :at, solution_id,
                    department_id, process_id, category_id, queue_id, :previousQueue, agent_id, :previousAgent,
                    media_type, priority, business_value, due_at, activation_at, source_created_at, result_code,
                    reason, attributes, :work, :held
                FROM task WHERE task_id = :taskId
                RETURNING tenant_id, task_version""")
                .param("type", type.name())
                .param("at", TaskRepository.timestamp(at))
                .param("previousQueue", previousQueueId)
                .param("previousAgent", previousAgentId)
                .param("work", seconds(workTimeSec))
                .param("held", seconds(heldTimeSec))
                .param("taskId", taskId)
                .query((rs, n) -> new Appended(rs.getString(1), rs.getInt(2)))
                .single();
        publisher.publishEvent(FeedEventsAppended.TASK);
        searchOutbox.taskChanged(appended.tenant(), taskId, appended.version());
        countAfterCommit(appended.tenant(), type);
    }

    /**
     * Seconds as the {@code integer} columns hold them. Event times from {@link TaskService#EARLIEST_EVENT} on keep
     * them in range until 2068; past it an interval saturates rather than failing the change that closes it.
     */
    private static int seconds(long seconds) {
        return (int) Math.min(seconds, Integer.MAX_VALUE);
    }

    /**
     * The events of the tasks being created, for the creating statement ({@link TaskRepository#insertAllIfAbsent})
     * to run on the rows it inserts, named {@code inserted}: {@code Created}, a snapshot of the task as it was before
     * classification (version 1, {@code New}, no reason), then, for a task created classified (version 2), the event
     * of its classification, named as its status ({@code Queued} or {@code ErrorHeld}); both at the task's creation
     * time. Each task's events in order, tasks in the order of their ids. In the creating statement, so that a create
     * is one round trip to the database and not two. After it, call {@link #creationAppended}.
     */
    static final String CREATION_EVENTS = """
            INSERT INTO task_event (tenant_id, task_id, capture_id, capture_point_id, task_version, type, status,
                occurred_at, solution_id, department_id, process_id, category_id, queue_id, previous_queue_id,
                agent_id, previous_agent_id, media_type, priority, business_value, due_at, activation_at,
                source_created_at, result_code, reason, attributes, work_time_sec, held_time_sec)
            SELECT t.tenant_id, t.task_id, t.capture_id, t.capture_point_id, e.version,
                CASE e.version WHEN 1 THEN 'Created' ELSE t.status END,
                CASE e.version WHEN 1 THEN 'New' ELSE t.status END, t.created_at, t.solution_id, t.department_id,
                t.process_id, t.category_id, t.queue_id, CASE e.version WHEN 1 THEN NULL ELSE t.queue_id END,
                t.agent_id, CASE e.version WHEN 1 THEN NULL ELSE t.agent_id END, t.media_type, t.priority,
                t.business_value, t.due_at, t.activation_at, t.source_created_at, t.result_code,
                CASE e.version WHEN 1 THEN NULL ELSE t.reason END, t.attributes, 0, 0
            FROM inserted t
            CROSS JOIN (VALUES (1), (2)) e(version)
            WHERE e.version <= t.version
            ORDER BY t.task_id, e.version""";

    /**
     * What follows the {@link #CREATION_EVENTS} of a task a statement created: the sequencer's and the indexer's
     * nudges and the event counters, after the commit of the caller's transaction, or at once when the statement
     * ran on its own (it has committed).
     */
    void creationAppended(String tenant, TaskEventType classifiedAs) {
        publisher.publishEvent(FeedEventsAppended.TASK);
        searchOutbox.appendedByStatement();
        if (classifiedAs == null) {
            countAfterCommit(tenant, TaskEventType.Created);
        }
        else {
            countAfterCommit(tenant, TaskEventType.Created, classifiedAs);
        }
    }

    private record Appended(String tenant, int version) {
    }

    /**
     * Counts only what commits: {@code iwd_task_events_total} by tenant and type, after the commit of the caller's
     * transaction, or at once without one (the statement that appended them has committed).
     */
    private void countAfterCommit(String tenant, TaskEventType... types) {
        Counter[] byType = counters.computeIfAbsent(tenant, t -> new Counter[TaskEventType.values().length]);
        Runnable count = () -> {
            for (TaskEventType type : types) {
                counter(byType, tenant, type).increment();
            }
        };
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }

    /** The registry's lookup by tags costs more than the increment; a tenant's counters are found once. */
    private Counter counter(Counter[] byType, String tenant, TaskEventType type) {
        Counter counter = byType[type.ordinal()];
        if (counter == null) {
            counter = Counter.builder("iwd.task.events")
                    .description("Task events, counted after their transaction commits")
                    .tags("tenant", tenant, "type", type.name()).register(meters);
            byType[type.ordinal()] = counter;
        }
        return counter;
    }

    /**
     * The events of one task in the order they happened, for {@code GET /tasks/{id}/history}: the fields of the
     * reporting feed's events, {@code id} their feed position (null until the sequencer has placed them).
     */
    List<Map<String, Object>> history(long taskId) {
        return jdbc.sql("""
                SELECT p.feed_id AS id, task_id, capture_id, task_version, type, status, occurred_at, solution_id,
                    department_id, process_id, category_id, capture_point_id, queue_id, previous_queue_id, agent_id,
                    previous_agent_id, media_type, priority, business_value, due_at, activation_at, source_created_at,
                    result_code, reason, attributes::text AS attributes, work_time_sec, held_time_sec
                FROM task_event e LEFT JOIN task_event_position p USING (event_id)
                WHERE task_id = ? ORDER BY event_id""")
                .param(taskId)
                .query((rs, n) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("id", rs.getObject("id"));
                    e.put("taskId", rs.getLong("task_id"));
                    e.put("captureId", rs.getString("capture_id"));
                    e.put("taskVersion", rs.getInt("task_version"));
                    e.put("type", rs.getString("type"));
                    e.put("status", rs.getString("status"));
                    e.put("occurredAt", TaskRepository.instant(rs, "occurred_at"));
                    e.put("solutionId", rs.getString("solution_id"));
                    e.put("departmentId", rs.getString("department_id"));
                    e.put("processId", rs.getString("process_id"));
                    e.put("categoryId", rs.getString("category_id"));
                    e.put("capturePointId", rs.getString("capture_point_id"));
                    e.put("queueId", rs.getString("queue_id"));
                    e.put("previousQueueId", rs.getString("previous_queue_id"));
                    e.put("agentId", rs.getString("agent_id"));
                    e.put("previousAgentId", rs.getString("previous_agent_id"));
                    e.put("mediaType", rs.getString("media_type"));
                    e.put("priority", rs.getObject("priority"));
                    e.put("businessValue", rs.getObject("business_value"));
                    e.put("dueAt", TaskRepository.instant(rs, "due_at"));
                    e.put("activationAt", TaskRepository.instant(rs, "activation_at"));
                    e.put("sourceCreatedAt", TaskRepository.instant(rs, "source_created_at"));
                    e.put("resultCode", rs.getString("result_code"));
                    e.put("reason", rs.getString("reason"));
                    e.put("attributes", json.readValue(rs.getString("attributes"), ATTRIBUTES));
                    e.put("workTimeSec", rs.getInt("work_time_sec"));
                    e.put("heldTimeSec", rs.getInt("held_time_sec"));
                    return e;
                })
                .list();
    }
}
