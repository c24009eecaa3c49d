package org.openiwd.etl.job.intraday;

import java.util.HashSet;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Set;

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
 * <p>The facts are written in their final shape: the page's dimension keys are read once ({@link DimensionKeys})
 * and every event's keys resolved in Java, the event facts COPYed straight into {@code i_task_event_fact}
 * ({@link EventFactCopy}) and one row per task into {@code stage_task} ({@link StagedTasks}) for the task-fact
 * upsert, which joins only {@code custom_dim}. Events already loaded (a replay) are left out in Java.
 *
 * <p>Transaction: must run inside the caller's transaction, which it shares with everything it writes; the
 * watermark moves from the position the page was read after to the page's {@code next} only if nobody moved it
 * meanwhile, otherwise {@link DataMartWatermarks.ConcurrentLoadException} rolls the whole page back. So after a
 * crash at any point, the page is either fully in the Data Mart with its watermark, or not at all. Callers hold the
 * tenant lock, so the page's transaction is the tenant's only Data Mart writer: what it reads of the Data Mart (keys,
 * moved tasks, events already loaded) stays true until it commits. Stateless; one page per call and thread.
 */
@Component
class TaskEventFactWriter {

    private static final String LOADED = "SELECT event_id FROM i_task_event_fact WHERE event_id BETWEEN ? AND ?";

    private static final String TASK_FACTS = """
            INSERT INTO i_task_fact AS f (task_id, capture_id, status_key, solution_key, department_key, process_key,
                category_key, capture_point_key, queue_key, last_agent_key, media_type_key, result_code_key,
                priority, business_value, due_at, created_at, activated_at, first_assigned_at, finished_at,
                total_work_sec, total_held_sec, last_event_id, last_event_at, created_etl_audit_key,
                updated_etl_audit_key, custom_attribute1, custom_attribute2, custom_attribute3, custom_attribute4,
                custom_attribute5, custom_attribute6, custom_attribute7, custom_attribute8, custom_attribute9,
                custom_attribute10, custom_dim_key)
            SELECT l.task_id, l.capture_id, l.status_key, l.solution_key, l.department_key, l.process_key,
                l.category_key, l.capture_point_key, l.queue_key, l.last_agent_key, l.media_type_key,
                l.result_code_key, l.priority, l.business_value, l.due_at, l.created_at, l.activated_at,
                l.first_assigned_at, l.finished_at, l.work_sec, l.held_sec, l.last_event_id, l.last_event_at,
                :audit, :audit, l.custom_attribute1, l.custom_attribute2, l.custom_attribute3, l.custom_attribute4,
                l.custom_attribute5, l.custom_attribute6, l.custom_attribute7, l.custom_attribute8,
                l.custom_attribute9, l.custom_attribute10, coalesce(cd.custom_dim_key, 0)
            FROM stage_task l
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
    private final DimensionKeys dimensionKeys;
    private final TaskWorkFactWriter workFacts;
    private final CustomAttributeMappings customAttributes;

    TaskEventFactWriter(JdbcTemplate jdbcTemplate, JdbcClient jdbc, CalendarRows calendar,
            DataMartWatermarks watermarks, HistoricalTaskGuard historical, DimensionPlaceholders placeholders,
            DimensionKeys dimensionKeys, TaskWorkFactWriter workFacts, CustomAttributeMappings customAttributes) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.watermarks = watermarks;
        this.historical = historical;
        this.placeholders = placeholders;
        this.dimensionKeys = dimensionKeys;
        this.workFacts = workFacts;
        this.customAttributes = customAttributes;
    }

    /** Writes the batch read after {@code after}; returns the number of fact rows inserted or updated. */
    int write(DataMartTenant tenant, long after, LoadBatch batch, long auditKey) {
        int rows = writeEvents(tenant, batch, auditKey, TaskWorkFactWriter.Scope.FROM_OPEN_ASSIGNMENT);
        watermarks.quarantine(tenant, "task", batch.page().rejected(), auditKey);
        watermarks.advance(tenant, "task", after, batch.page().next(), batch.newest(), auditKey);
        return rows;
    }

    /**
     * Writes the page's events (facts, dimensions, touched intervals) without its rejected events and without
     * moving the watermark: what a replay of quarantined events, which lie behind the watermark, needs.
     */
    int writeEvents(DataMartTenant tenant, FeedPage page, long auditKey) {
        return writeEvents(tenant, LoadBatch.of(page), auditKey, TaskWorkFactWriter.Scope.WHOLE_TASK);
    }

    private int writeEvents(DataMartTenant tenant, LoadBatch batch, long auditKey, TaskWorkFactWriter.Scope scope) {
        TenantSchema.enter(jdbc, tenant);
        List<FeedEvent> events = batch.events();
        if (events.isEmpty()) {
            return 0;
        }
        List<FeedEvent> kept = historical.setAsideMovedTasks(events, batch.taskIds(), auditKey);
        PageIds ids = batch.ids();
        placeholders.ensure(ids);
        int[] intervals = batch.intervals();
        calendar.ensureIntervals(tenant.timeZone(), intervals);
        int rows = 0;
        if (!kept.isEmpty()) {
            DimensionKeys.Keys keys = dimensionKeys.read(ids, kept);
            List<FeedEvent> toLoad = withoutLoaded(kept);
            CustomAttributeMapping mapping = customAttributes.forTenant(tenant.id());
            rows += jdbcTemplate.execute((ConnectionCallback<Integer>) connection -> {
                int facts = EventFactCopy.copy(connection, toLoad, keys, auditKey);
                StagedTasks.stage(connection, kept, keys, mapping);
                return facts;
            });
            jdbc.sql(CUSTOM_DIMS).param("audit", auditKey).update();
            rows += jdbc.sql(TASK_FACTS).param("audit", auditKey).update();
            // Applying the page to the open assignments needs every event of the page to be new; a replay's page
            // derives them again from the events.
            long[] keptTasks = kept.size() == events.size() ? batch.taskIds() : LoadBatch.taskIds(kept);
            rows += workFacts.write(kept, keptTasks, keys, auditKey,
                    scope == TaskWorkFactWriter.Scope.FROM_OPEN_ASSIGNMENT && toLoad.size() == kept.size()
                            ? TaskWorkFactWriter.Scope.PAGE_EVENTS : scope);
        }
        jdbc.sql(TOUCHED_INTERVALS).param(intervals).update();
        return rows;
    }

    /**
     * The events without those {@code i_task_event_fact} holds already (a replay, or the feed read again). Reading
     * them first and leaving them out of the COPY is safe because the tenant lock makes this page's transaction the
     * tenant's only writer: no other transaction can insert one of them in between. One index range scan over the
     * page's ids, which finds nothing for every page but a replay's.
     */
    private List<FeedEvent> withoutLoaded(List<FeedEvent> events) {
        LongSummaryStatistics range = events.stream().mapToLong(FeedEvent::id).summaryStatistics();
        Set<Long> loaded = new HashSet<>(jdbc.sql(LOADED).params(range.getMin(), range.getMax())
                .query(Long.class).list());
        return loaded.isEmpty() ? events : events.stream().filter(e -> !loaded.contains(e.id())).toList();
    }
}
