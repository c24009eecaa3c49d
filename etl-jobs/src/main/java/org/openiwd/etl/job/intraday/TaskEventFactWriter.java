package org.openiwd.etl.job.intraday;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.LongSummaryStatistics;

import org.openiwd.etl.calendar.CalendarRows;
import org.openiwd.etl.feed.FeedEvent;
import org.openiwd.etl.feed.FeedPage;
import org.openiwd.etl.job.DataMartWatermarks;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantSchema;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes one feed page into a tenant's Data Mart: placeholder dimension rows for ids not loaded yet
 * ({@link DimensionPlaceholders}), calendar rows, {@code i_task_event_fact} (idempotent on the event id),
 * {@code custom_dim} rows, {@code i_task_fact} (one row per task, changed only by newer events, with the custom
 * attributes of its latest event as the tenant's mapping renders them), {@code i_task_work_fact}
 * ({@link TaskWorkFactWriter}), the touched 15-minute intervals, the quarantine, and the watermark. Events of
 * tasks already moved to the {@code h_} tables are set aside first ({@link HistoricalTaskGuard}).
 *
 * <p>Transaction: must run inside the caller's transaction, which it shares with everything it writes; the
 * watermark moves from the position the page was read after to the page's {@code next} only if nobody moved it
 * meanwhile, otherwise {@link DataMartWatermarks.ConcurrentLoadException} rolls the whole page back. So after a
 * crash at any point, the page is either fully in the Data Mart with its watermark, or not at all.
 */
@Component
class TaskEventFactWriter {

    private static final String EVENT_FACTS = """
            INSERT INTO i_task_event_fact (event_id, task_id, capture_id, task_version, task_event_type_key,
                status_key, occurred_at, date_time_key, solution_key, department_key, process_key, category_key,
                capture_point_key, queue_key, previous_queue_key, agent_key, previous_agent_key, media_type_key,
                result_code_key, priority, business_value, due_at, activation_at, source_created_at, reason,
                work_time_sec, held_time_sec, created_etl_audit_key, updated_etl_audit_key)
            SELECT s.event_id, s.task_id, s.capture_id, s.task_version, et.task_event_type_key, st.status_key,
                s.occurred_at, floor(extract(epoch FROM s.occurred_at) / 900)::integer,
                coalesce(so.solution_key, 0), coalesce(d.department_key, 0), coalesce(p.process_key, 0),
                coalesce(c.category_key, 0), coalesce(cp.capture_point_key, 0), coalesce(q.queue_key, 0),
                coalesce(pq.queue_key, 0), coalesce(a.agent_key, 0), coalesce(pa.agent_key, 0),
                coalesce(m.media_type_key, 0), coalesce(r.result_code_key, 0), s.priority, s.business_value,
                s.due_at, s.activation_at, s.source_created_at, s.reason, s.work_time_sec, s.held_time_sec,
                :audit, :audit
            FROM stage_event s
            JOIN task_event_type et ON et.name = s.type
            JOIN status st ON st.name = s.status
            LEFT JOIN solution so ON so.solution_id = s.solution_id
            LEFT JOIN process p ON p.process_id = s.process_id
                AND s.occurred_at >= p.valid_from AND s.occurred_at < p.valid_to
            -- A task that names only its process belongs to the process's department.
            LEFT JOIN department d ON d.department_id = coalesce(s.department_id, p.department_id)
                AND s.occurred_at >= d.valid_from AND s.occurred_at < d.valid_to
            LEFT JOIN category c ON c.category_id = s.category_id
            LEFT JOIN capture_point cp ON cp.capture_point_id = s.capture_point_id
            LEFT JOIN queue q ON q.queue_id = s.queue_id
            LEFT JOIN queue pq ON pq.queue_id = s.previous_queue_id
            LEFT JOIN agent a ON a.agent_id = s.agent_id
            LEFT JOIN agent pa ON pa.agent_id = s.previous_agent_id
            LEFT JOIN media_type m ON m.name = s.media_type
            LEFT JOIN result_code r ON r.name = s.result_code""";

    /** For a page whose id range already has facts (a replay): idempotent on the event id. */
    private static final String EVENT_FACTS_IDEMPOTENT = EVENT_FACTS + "\nON CONFLICT (event_id) DO NOTHING";

    private static final String ANY_LOADED = """
            SELECT EXISTS (SELECT 1 FROM i_task_event_fact WHERE event_id BETWEEN ? AND ?)""";

    private static final String TASK_FACTS = """
            INSERT INTO i_task_fact AS f (task_id, capture_id, status_key, solution_key, department_key, process_key,
                category_key, capture_point_key, queue_key, last_agent_key, media_type_key, result_code_key,
                priority, business_value, due_at, created_at, activated_at, first_assigned_at, finished_at,
                total_work_sec, total_held_sec, last_event_id, last_event_at, created_etl_audit_key,
                updated_etl_audit_key, custom_attribute1, custom_attribute2, custom_attribute3, custom_attribute4,
                custom_attribute5, custom_attribute6, custom_attribute7, custom_attribute8, custom_attribute9,
                custom_attribute10, custom_dim_key)
            SELECT l.task_id, l.capture_id, st.status_key, coalesce(so.solution_key, 0),
                coalesce(d.department_key, 0), coalesce(p.process_key, 0), coalesce(c.category_key, 0),
                coalesce(cp.capture_point_key, 0), coalesce(q.queue_key, 0), coalesce(a.agent_key, 0),
                coalesce(m.media_type_key, 0), coalesce(r.result_code_key, 0), l.priority, l.business_value,
                l.due_at, l.created_at, l.activated_at, l.first_assigned_at,
                CASE WHEN st.is_final THEN l.last_event_at END, l.work_sec, l.held_sec, l.last_event_id,
                l.last_event_at,
                :audit, :audit, l.custom_attribute1, l.custom_attribute2, l.custom_attribute3, l.custom_attribute4,
                l.custom_attribute5, l.custom_attribute6, l.custom_attribute7, l.custom_attribute8,
                l.custom_attribute9, l.custom_attribute10, coalesce(cd.custom_dim_key, 0)
            FROM stage_task l
            JOIN status st ON st.name = l.status
            LEFT JOIN solution so ON so.solution_id = l.solution_id
            LEFT JOIN process p ON p.process_id = l.process_id
                AND l.last_event_at >= p.valid_from AND l.last_event_at < p.valid_to
            LEFT JOIN department d ON d.department_id = coalesce(l.department_id, p.department_id)
                AND l.last_event_at >= d.valid_from AND l.last_event_at < d.valid_to
            LEFT JOIN category c ON c.category_id = l.category_id
            LEFT JOIN capture_point cp ON cp.capture_point_id = l.capture_point_id
            LEFT JOIN queue q ON q.queue_id = l.queue_id
            LEFT JOIN agent a ON a.agent_id = l.agent_id
            LEFT JOIN media_type m ON m.name = l.media_type
            LEFT JOIN result_code r ON r.name = l.result_code
            LEFT JOIN custom_dim cd ON (cd.dim_attribute1, cd.dim_attribute2, cd.dim_attribute3, cd.dim_attribute4,
                cd.dim_attribute5) = (l.custom_dim1, l.custom_dim2, l.custom_dim3, l.custom_dim4, l.custom_dim5)
            ON CONFLICT (task_id) DO UPDATE SET
                status_key = excluded.status_key,
                solution_key = excluded.solution_key,
                department_key = excluded.department_key,
                process_key = excluded.process_key,
                category_key = excluded.category_key,
                capture_point_key = excluded.capture_point_key,
                queue_key = excluded.queue_key,
                last_agent_key = CASE WHEN excluded.last_agent_key <> 0 THEN excluded.last_agent_key
                                      ELSE f.last_agent_key END,
                media_type_key = excluded.media_type_key,
                result_code_key = excluded.result_code_key,
                priority = excluded.priority,
                business_value = excluded.business_value,
                due_at = excluded.due_at,
                created_at = coalesce(f.created_at, excluded.created_at),
                activated_at = coalesce(f.activated_at, excluded.activated_at),
                first_assigned_at = coalesce(f.first_assigned_at, excluded.first_assigned_at),
                finished_at = excluded.finished_at,
                total_work_sec = f.total_work_sec + excluded.total_work_sec,
                total_held_sec = f.total_held_sec + excluded.total_held_sec,
                last_event_id = excluded.last_event_id,
                last_event_at = excluded.last_event_at,
                updated_etl_audit_key = excluded.updated_etl_audit_key,
                custom_attribute1 = excluded.custom_attribute1,
                custom_attribute2 = excluded.custom_attribute2,
                custom_attribute3 = excluded.custom_attribute3,
                custom_attribute4 = excluded.custom_attribute4,
                custom_attribute5 = excluded.custom_attribute5,
                custom_attribute6 = excluded.custom_attribute6,
                custom_attribute7 = excluded.custom_attribute7,
                custom_attribute8 = excluded.custom_attribute8,
                custom_attribute9 = excluded.custom_attribute9,
                custom_attribute10 = excluded.custom_attribute10,
                custom_dim_key = excluded.custom_dim_key
            WHERE excluded.last_event_id > f.last_event_id""";

    /** The value combinations of the tasks' latest events that {@code custom_dim} does not have yet. */
    private static final String CUSTOM_DIMS = """
            INSERT INTO custom_dim (dim_attribute1, dim_attribute2, dim_attribute3, dim_attribute4, dim_attribute5,
                created_etl_audit_key)
            SELECT DISTINCT custom_dim1, custom_dim2, custom_dim3, custom_dim4, custom_dim5, :audit::bigint
            FROM stage_task
            ON CONFLICT ON CONSTRAINT custom_dim_values DO NOTHING""";

    private static final String TOUCHED_INTERVALS = """
            INSERT INTO etl_touched_interval (date_time_key) SELECT unnest(?::integer[])
            ON CONFLICT (date_time_key) DO NOTHING""";

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final CalendarRows calendar;
    private final DataMartWatermarks watermarks;
    private final HistoricalTaskGuard historical;
    private final DimensionPlaceholders placeholders;
    private final TaskWorkFactWriter workFacts;
    private final CustomAttributeMappings customAttributes;

    TaskEventFactWriter(JdbcTemplate jdbcTemplate, JdbcClient jdbc, CalendarRows calendar,
            DataMartWatermarks watermarks, HistoricalTaskGuard historical, DimensionPlaceholders placeholders,
            TaskWorkFactWriter workFacts,
            CustomAttributeMappings customAttributes) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.watermarks = watermarks;
        this.historical = historical;
        this.placeholders = placeholders;
        this.workFacts = workFacts;
        this.customAttributes = customAttributes;
    }

    /** Writes the page read after {@code after}; returns the number of fact rows inserted or updated. */
    int write(DataMartTenant tenant, long after, FeedPage page, long auditKey) {
        int rows = writeEvents(tenant, page, auditKey, TaskWorkFactWriter.Scope.FROM_OPEN_ASSIGNMENT);
        watermarks.quarantine(tenant, "task", page.rejected(), auditKey);
        Instant newest = page.events().stream().map(FeedEvent::occurredAt).max(Comparator.naturalOrder())
                .orElse(null);
        watermarks.advance(tenant, "task", after, page.next(), newest, auditKey);
        return rows;
    }

    /**
     * Writes the page's events (facts, dimensions, touched intervals) without its rejected events and without
     * moving the watermark: what a replay of quarantined events, which lie behind the watermark, needs.
     */
    int writeEvents(DataMartTenant tenant, FeedPage page, long auditKey) {
        return writeEvents(tenant, page, auditKey, TaskWorkFactWriter.Scope.WHOLE_TASK);
    }

    private int writeEvents(DataMartTenant tenant, FeedPage page, long auditKey, TaskWorkFactWriter.Scope scope) {
        TenantSchema.enter(jdbc, tenant);
        int rows = 0;
        if (!page.events().isEmpty()) {
            CustomAttributeMapping mapping = customAttributes.forTenant(tenant.id());
            jdbcTemplate.execute((ConnectionCallback<Void>) connection -> {
                try {
                    StagedEvents.stage(connection, page.events());
                    StagedTasks.stage(connection, page.events(), mapping);
                }
                catch (IOException e) {
                    throw new SQLException("COPY of the page failed", e);
                }
                return null;
            });
            // A temp table has no statistics until analysed: the planner would guess its size and the number of
            // tasks. One column gives both; all 41 cost more than the COPY (about 10 us per event).
            jdbcTemplate.execute("ANALYZE stage_event (task_id)");
            historical.setAsideMovedTasks(auditKey);
            placeholders.ensure(page.events());
            int[] intervals = intervals(page.events());
            calendar.ensureIntervals(tenant.timeZone(), intervals);
            rows += jdbc.sql(anyLoaded(page.events()) ? EVENT_FACTS_IDEMPOTENT : EVENT_FACTS)
                    .param("audit", auditKey).update();
            jdbc.sql(CUSTOM_DIMS).param("audit", auditKey).update();
            rows += jdbc.sql(TASK_FACTS).param("audit", auditKey).update();
            rows += workFacts.write(auditKey, scope);
            jdbc.sql(TOUCHED_INTERVALS).param(intervals).update();
        }
        return rows;
    }

    /**
     * Whether facts exist already in the id range of the events (a replay, or the feed read again): only then does
     * the insert need the conflict check, a speculative insertion per row. The probe is one index range scan.
     */
    private boolean anyLoaded(List<FeedEvent> events) {
        LongSummaryStatistics ids = events.stream().mapToLong(FeedEvent::id).summaryStatistics();
        return jdbc.sql(ANY_LOADED).params(ids.getMin(), ids.getMax()).query(Boolean.class).single();
    }

    /** The distinct 15-minute intervals ({@code date_time_key}) the events fall in. */
    private static int[] intervals(List<FeedEvent> events) {
        return events.stream().mapToInt(e -> Math.toIntExact(Math.floorDiv(e.occurredAt().getEpochSecond(), 900)))
                .distinct().sorted().toArray();
    }
}
