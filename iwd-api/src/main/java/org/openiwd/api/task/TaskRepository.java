package org.openiwd.api.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

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

    /**
     * {@link #insertAllIfAbsent}: the new tasks arrive as one array per column, a row per task in the order given
     * ({@code ord}); {@code %s} takes the search outbox's item. One text for any number of tasks, so one prepared
     * statement and one plan.
     */
    private static final String INSERT_ALL_IF_ABSENT = """
            WITH inserted AS (
                INSERT INTO task (tenant_id, capture_point_id, capture_id, status, held_from_status, version,
                    solution_id, department_id, process_id, category_id, queue_id, media_type, priority,
                    business_value, due_at, activation_at, source_created_at, subject, description, customer,
                    attributes, reason, created_at, updated_at, last_event_at)
                SELECT n.tenant_id, n.capture_point_id, n.capture_id, n.status, n.held_from_status, n.version,
                    n.solution_id, n.department_id, n.process_id, n.category_id, n.queue_id, n.media_type, n.priority,
                    n.business_value, n.due_at, n.activation_at, n.source_created_at, n.subject, n.description,
                    CAST(n.customer AS jsonb), CAST(n.attributes AS jsonb), n.reason, n.at, n.at, n.at
                FROM unnest(CAST(:tenant AS text[]), CAST(:cp AS text[]), CAST(:captureId AS text[]),
                    CAST(:status AS text[]), CAST(:heldFrom AS text[]), CAST(:version AS int[]),
                    CAST(:solution AS text[]), CAST(:department AS text[]), CAST(:process AS text[]),
                    CAST(:category AS text[]), CAST(:queue AS text[]), CAST(:media AS text[]),
                    CAST(:priority AS int[]), CAST(:businessValue AS int[]), CAST(:dueAt AS timestamptz[]),
                    CAST(:activationAt AS timestamptz[]), CAST(:sourceCreatedAt AS timestamptz[]),
                    CAST(:subject AS text[]), CAST(:description AS text[]), CAST(:customer AS text[]),
                    CAST(:attributes AS text[]), CAST(:reason AS text[]), CAST(:at AS timestamptz[]))
                    WITH ORDINALITY AS n(tenant_id, capture_point_id, capture_id, status, held_from_status, version,
                        solution_id, department_id, process_id, category_id, queue_id, media_type, priority,
                        business_value, due_at, activation_at, source_created_at, subject, description, customer,
                        attributes, reason, at, ord)
                ORDER BY n.ord
                ON CONFLICT (tenant_id, capture_point_id, capture_id) DO NOTHING
                RETURNING *
            ), creation_events AS (
            """ + TaskEventLog.CREATION_EVENTS + """
            )%s
            SELECT * FROM inserted""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Task> rowMapper = this::map;
    private final String insertAllIfAbsent;

    TaskRepository(JdbcClient jdbc, JsonMapper json, SearchOutbox searchOutbox) {
        this.jdbc = jdbc;
        this.json = json;
        this.insertAllIfAbsent = INSERT_ALL_IF_ABSENT.formatted(searchOutbox.insertedTasksItem());
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

    /** A task to create: the tenant's request, its time ({@code Created} and, if classified, the next event) and state. */
    record NewTask(String tenant, CreateTaskRequest request, Instant at, InitialState state) {

        Capture capture() {
            return new Capture(tenant, request.capturePointId(), request.captureId());
        }
    }

    /** What makes a task unique: its tenant, capture point (none is a value of its own) and capture id. */
    record Capture(String tenant, String capturePointId, String captureId) implements Comparable<Capture> {

        private static final Comparator<Capture> ORDER = Comparator.comparing(Capture::tenant)
                .thenComparing(Capture::capturePointId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Capture::captureId);

        @Override
        public int compareTo(Capture other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * Inserts each task in its initial state unless its tenant, capture point and capture id exist (or come earlier
     * in {@code tasks}), with its creation events ({@link TaskEventLog#CREATION_EVENTS}) and its search outbox row
     * ({@link SearchOutbox#insertedTasksItem}), all in one statement, and returns the tasks inserted, as stored, by
     * capture; a task left out existed. A concurrent insert of the same capture waits for the other to
     * commit and then finds it, so concurrent identical creates make one task. One statement, so that outside a
     * transaction it is atomic and commits in the same round trip. Callers that insert concurrently should give
     * their tasks in one order ({@link TaskInsertBatcher} sorts by capture), so two statements never wait for each
     * other's rows crosswise.
     */
    Map<Capture, Task> insertAllIfAbsent(List<NewTask> tasks) {
        // Arrays, not collections: Spring expands a collection into a list of parameters, an array it binds as one.
        return jdbc.sql(insertAllIfAbsent)
                .param("tenant", column(tasks, String[]::new, NewTask::tenant))
                .param("cp", column(tasks, String[]::new, t -> t.request().capturePointId()))
                .param("captureId", column(tasks, String[]::new, t -> t.request().captureId()))
                .param("status", column(tasks, String[]::new, t -> t.state().status().name()))
                .param("heldFrom", column(tasks, String[]::new,
                        t -> t.state().heldFrom() == null ? null : t.state().heldFrom().name()))
                .param("version", column(tasks, Integer[]::new, t -> t.state().version()))
                .param("solution", column(tasks, String[]::new, t -> t.request().solutionId()))
                .param("department", column(tasks, String[]::new, t -> t.request().departmentId()))
                .param("process", column(tasks, String[]::new, t -> t.request().processId()))
                .param("category", column(tasks, String[]::new, t -> t.request().categoryId()))
                .param("queue", column(tasks, String[]::new, t -> t.request().queueId()))
                .param("media", column(tasks, String[]::new, t -> t.request().mediaType()))
                .param("priority", column(tasks, Integer[]::new, t -> t.request().priority()))
                .param("businessValue", column(tasks, Integer[]::new, t -> t.request().businessValue()))
                .param("dueAt", column(tasks, String[]::new, t -> text(t.request().dueAt())))
                .param("activationAt", column(tasks, String[]::new, t -> text(t.request().activationAt())))
                .param("sourceCreatedAt", column(tasks, String[]::new, t -> text(t.request().sourceCreatedAt())))
                .param("subject", column(tasks, String[]::new, t -> t.request().subject()))
                .param("description", column(tasks, String[]::new, t -> t.request().description()))
                .param("customer", column(tasks, String[]::new,
                        t -> t.request().customer() == null ? null : json.writeValueAsString(t.request().customer())))
                .param("attributes", column(tasks, String[]::new, t -> json.writeValueAsString(
                        t.request().attributes() == null ? Map.of() : t.request().attributes())))
                .param("reason", column(tasks, String[]::new, t -> t.state().reason()))
                .param("at", column(tasks, String[]::new, t -> text(t.at())))
                .query((rs, row) -> Map.entry(new Capture(rs.getString("tenant_id"), rs.getString("capture_point_id"),
                        rs.getString("capture_id")), map(rs, row)))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** One column of the tasks, as the array its {@code unnest} takes. */
    private static <T> T[] column(List<NewTask> tasks, IntFunction<T[]> array, Function<NewTask, T> value) {
        T[] column = array.apply(tasks.size());
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(tasks.get(i));
        }
        return column;
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : text(time.toInstant());
    }

    /**
     * An instant as PostgreSQL reads a {@code timestamptz} from text, for every year it stores: ISO-8601 in UTC with
     * the year unsigned ({@link Instant#toString} signs years past 9999, which PostgreSQL refuses) and years before 1
     * as {@code BC}; the nanoseconds as given (PostgreSQL rounds them to the microsecond, as it did when they came
     * through the driver's timestamp).
     */
    static String text(Instant instant) {
        if (instant == null) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        int year = t.getYear();
        String digits = Integer.toString(year >= 1 ? year : 1 - year);
        StringBuilder text = new StringBuilder(40).append("0".repeat(Math.max(0, 4 - digits.length()))).append(digits)
                .append(t.getMonthValue() < 10 ? "-0" : "-").append(t.getMonthValue())
                .append(t.getDayOfMonth() < 10 ? "-0" : "-").append(t.getDayOfMonth())
                .append('T').append(t.toLocalTime()).append('Z');
        return year >= 1 ? text.toString() : text.append(" BC").toString();
    }

    Optional<Task> find(String tenantId, long taskId) {
        return jdbc.sql("SELECT * FROM task WHERE tenant_id = ? AND task_id = ?")
                .params(tenantId, taskId).query(rowMapper).optional();
    }

    /** The tenant's tasks among {@code taskIds}, in no particular order. */
    List<Task> findAll(String tenantId, Collection<Long> taskIds) {
        if (taskIds.isEmpty()) {
            return List.of();
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
    List<Task> lockDueForActivation(Instant now, int limit) {
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
