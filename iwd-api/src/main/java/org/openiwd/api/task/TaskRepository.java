package org.openiwd.api.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.openiwd.api.lifecycle.TaskEventType;
import org.openiwd.api.lifecycle.TaskStatus;
import org.openiwd.api.search.SearchOutbox;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Table {@code task}. Every method runs in the caller's transaction, or, without one, as a statement that commits on
 * its own.
 */
@Repository
class TaskRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** {@link #insertIfAbsent}; {@code %s} takes the search outbox's item. */
    private static final String INSERT_IF_ABSENT = """
            WITH inserted AS (
                INSERT INTO task (tenant_id, capture_point_id, capture_id, status, held_from_status, version,
                    solution_id, department_id, process_id, category_id, queue_id, media_type, priority,
                    business_value, due_at, activation_at, source_created_at, subject, description, customer,
                    attributes, reason, created_at, updated_at, last_event_at)
                VALUES (:tenant, :cp, :captureId, :status, :heldFrom, :version, :solution, :department, :process,
                    :category, :queue, :media, :priority, :businessValue, :dueAt, :activationAt,
                    :sourceCreatedAt, :subject, :description, CAST(:customer AS jsonb), CAST(:attributes AS jsonb),
                    :reason, :at, :at, :at)
                ON CONFLICT (tenant_id, capture_point_id, capture_id) DO NOTHING
                RETURNING *
            ), creation_events AS (
            """ + TaskEventLog.CREATION_EVENTS + """
            )%s
            SELECT * FROM inserted""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Task> rowMapper = this::map;
    private final String insertIfAbsent;

    TaskRepository(JdbcClient jdbc, JsonMapper json, SearchOutbox searchOutbox) {
        this.jdbc = jdbc;
        this.json = json;
        this.insertIfAbsent = INSERT_IF_ABSENT.formatted(searchOutbox.insertedTasksItem());
    }

    /**
     * The state a task is created in: {@code New} (version 1), or already classified (version 2) as
     * {@code Queued} or {@code ErrorHeld} (then {@code heldFrom} {@code New} and a {@code reason}).
     */
    record InitialState(TaskStatus status, TaskStatus heldFrom, String reason) {

        static final InitialState NEW = new InitialState(TaskStatus.New, null, null);

        int version() {
            return status == TaskStatus.New ? 1 : 2;
        }
    }

    /**
     * Inserts a task in its initial state unless its capture point and capture id exist, with its creation events
     * ({@link TaskEventLog#CREATION_EVENTS}, {@code classifiedAs} as there) and its search outbox row
     * ({@link SearchOutbox#insertedTasksItem}) in the same statement, and returns it as stored; a concurrent insert
     * of the same pair waits for the other to commit and then finds it, so concurrent identical creates make one
     * task. When the pair exists, nothing is written and the result is empty. One statement, so that outside a
     * transaction it is atomic and commits in the same round trip.
     */
    Optional<Task> insertIfAbsent(String tenantId, CreateTaskRequest r, Instant at, InitialState state,
            TaskEventType classifiedAs) {
        return jdbc.sql(insertIfAbsent)
                .param("classifiedAs", classifiedAs == null ? null : classifiedAs.name())
                .param("tenant", tenantId)
                .param("cp", r.capturePointId())
                .param("captureId", r.captureId())
                .param("status", state.status().name())
                .param("heldFrom", state.heldFrom() == null ? null : state.heldFrom().name())
                .param("version", state.version())
                .param("solution", r.solutionId())
                .param("department", r.departmentId())
                .param("process", r.processId())
                .param("category", r.categoryId())
                .param("queue", r.queueId())
                .param("media", r.mediaType())
                .param("priority", r.priority())
                .param("businessValue", r.businessValue())
                .param("dueAt", timestamp(r.dueAt() == null ? null : r.dueAt().toInstant()))
                .param("activationAt", timestamp(r.activationAt() == null ? null : r.activationAt().toInstant()))
                .param("sourceCreatedAt",
                        timestamp(r.sourceCreatedAt() == null ? null : r.sourceCreatedAt().toInstant()))
                .param("subject", r.subject())
                .param("description", r.description())
                .param("customer", r.customer() == null ? null : json.writeValueAsString(r.customer()))
                .param("attributes", json.writeValueAsString(r.attributes() == null ? Map.of() : r.attributes()))
                .param("reason", state.reason())
                .param("at", timestamp(at))
                .query(rowMapper)
                .optional();
    }

    Optional<Task> find(String tenantId, long taskId) {
        return jdbc.sql("SELECT * FROM task WHERE tenant_id = ? AND task_id = ?")
                .params(tenantId, taskId).query(rowMapper).optional();
    }

    /** The tenant's tasks among {@code taskIds}, in no particular order. */
    java.util.List<Task> findAll(String tenantId, java.util.Collection<Long> taskIds) {
        if (taskIds.isEmpty()) {
            return java.util.List.of();
        }
        return jdbc.sql("SELECT * FROM task WHERE tenant_id = :tenant AND task_id IN (:ids)")
                .param("tenant", tenantId).param("ids", taskIds).query(rowMapper).list();
    }

    Optional<Task> findByCapture(String tenantId, String capturePointId, String captureId) {
        return jdbc.sql("""
                SELECT * FROM task WHERE tenant_id = ? AND capture_point_id IS NOT DISTINCT FROM ?
                AND capture_id = ?""")
                .params(tenantId, capturePointId, captureId).query(rowMapper).optional();
    }

    String tenantOf(long taskId) {
        return jdbc.sql("SELECT tenant_id FROM task WHERE task_id = ?").param(taskId).query(String.class).single();
    }

    /** The task, locked until the transaction ends, so changes of one task are serialised. */
    Optional<Task> lock(String tenantId, long taskId) {
        return jdbc.sql("SELECT * FROM task WHERE tenant_id = ? AND task_id = ? FOR UPDATE")
                .params(tenantId, taskId).query(rowMapper).optional();
    }

    /** Writes the lifecycle fields of a changed task; the caller has locked it and raised its version. */
    void updateState(Task t) {
        jdbc.sql("""
                UPDATE task SET status = :status, held_from_status = :heldFrom, version = :version,
                    queue_id = :queue, agent_id = :agent, result_code = :resultCode, reason = :reason,
                    updated_at = :at, last_event_at = :at
                WHERE task_id = :id""")
                .param("status", t.status().name())
                .param("heldFrom", t.heldFromStatus() == null ? null : t.heldFromStatus().name())
                .param("version", t.version())
                .param("queue", t.queueId())
                .param("agent", t.agentId())
                .param("resultCode", t.resultCode())
                .param("reason", t.reason())
                .param("at", timestamp(t.lastEventAt()))
                .param("id", t.id())
                .update();
    }

    /** Writes the descriptive fields a PATCH may change; the caller has locked the task and raised its version. */
    void updateDetails(Task t) {
        jdbc.sql("""
                UPDATE task SET version = :version, solution_id = :solution, department_id = :department,
                    process_id = :process, category_id = :category, queue_id = :queue, media_type = :media,
                    priority = :priority, business_value = :businessValue, due_at = :dueAt,
                    activation_at = :activationAt, subject = :subject, description = :description,
                    customer = CAST(:customer AS jsonb), attributes = CAST(:attributes AS jsonb),
                    updated_at = :at, last_event_at = :at
                WHERE task_id = :id""")
                .param("version", t.version())
                .param("solution", t.solutionId())
                .param("department", t.departmentId())
                .param("process", t.processId())
                .param("category", t.categoryId())
                .param("queue", t.queueId())
                .param("media", t.mediaType())
                .param("priority", t.priority())
                .param("businessValue", t.businessValue())
                .param("dueAt", timestamp(t.dueAt()))
                .param("activationAt", timestamp(t.activationAt()))
                .param("subject", t.subject())
                .param("description", t.description())
                .param("customer", t.customer() == null ? null : json.writeValueAsString(t.customer()))
                .param("attributes", json.writeValueAsString(t.attributes()))
                .param("at", timestamp(t.lastEventAt()))
                .param("id", t.id())
                .update();
    }

    /**
     * Up to {@code limit} classified {@code New} tasks whose activation time has passed, locked and skipped by
     * other replicas' sweeps, so each is activated once.
     */
    java.util.List<Task> lockDueForActivation(Instant now, int limit) {
        return jdbc.sql("""
                SELECT * FROM task
                WHERE status = 'New' AND process_id IS NOT NULL AND activation_at <= ?
                ORDER BY activation_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(timestamp(now), limit).query(rowMapper).list();
    }

    private Task map(ResultSet rs, int row) throws SQLException {
        String heldFrom = rs.getString("held_from_status");
        String customer = rs.getString("customer");
        return new Task(
                rs.getLong("task_id"),
                rs.getString("capture_id"),
                rs.getString("capture_point_id"),
                TaskStatus.valueOf(rs.getString("status")),
                heldFrom == null ? null : TaskStatus.valueOf(heldFrom),
                rs.getInt("version"),
                rs.getString("solution_id"),
                rs.getString("department_id"),
                rs.getString("process_id"),
                rs.getString("category_id"),
                rs.getString("queue_id"),
                rs.getString("agent_id"),
                rs.getString("media_type"),
                (Integer) rs.getObject("priority"),
                (Integer) rs.getObject("business_value"),
                instant(rs, "due_at"),
                instant(rs, "activation_at"),
                instant(rs, "source_created_at"),
                rs.getString("subject"),
                rs.getString("description"),
                customer == null ? null : json.readValue(customer, MAP),
                json.readValue(rs.getString("attributes"), MAP),
                rs.getString("result_code"),
                rs.getString("reason"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "last_event_at"));
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
