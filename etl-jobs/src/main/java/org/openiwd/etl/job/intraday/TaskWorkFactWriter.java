package org.openiwd.etl.job.intraday;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.openiwd.etl.feed.FeedEvent;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes {@code i_task_work_fact}, one row per assignment, for the tasks of the page: those with an assignment
 * starting in the page and those with one still open. The rules (what starts and ends an assignment, where each
 * event's work and held seconds go) are in {@code docs/work-fact.md}. Two ways, with the same rows:
 * <ul>
 * <li>{@link Scope#PAGE_EVENTS}, a page in feed order none of whose events is loaded yet (every load's page but a
 * replay's): the tasks' open assignments are read (one {@code = ANY} probe of a partial index) and the page's events
 * applied to them in Java ({@link OpenAssignments}); the rows changed are COPYed and upserted. Correct because
 * every event of such a page comes after every event loaded, and an open row holds the seconds of all the events
 * after its start.</li>
 * <li>Otherwise each such task's assignments are derived again from its events in {@code i_task_event_fact} (the
 * page's included) from the start of its open assignment, or without one from its first assignment in the page
 * ({@link Scope#FROM_OPEN_ASSIGNMENT}), or from all its events for a replay of quarantined events, which may lie
 * before loaded ones ({@link Scope#WHOLE_TASK}).</li>
 * </ul>
 * Either way the result does not depend on how the events were split into pages and runs, and writing a page twice
 * changes nothing (a page written again has its events loaded already, so it is derived). Rows whose values do not
 * change keep their audit keys.
 *
 * <p>Transaction: runs in the page's transaction, after the page's event facts are written, with the tenant
 * schema on the search path; the page's tasks and their first starts are computed in Java and sent as arrays.
 * Final tasks already moved to the {@code h_} tables never reach it (see {@link HistoricalTaskGuard}), and a task's
 * events are all in {@code i_} until it moves. Stateless, thread-safe.
 */
@Component
class TaskWorkFactWriter {

    // The page's tasks and their first starts come from Java; the open assignments are probed once per task of the
    // page through a partial index.
    private static final String TASKS = """
            CREATE TEMP TABLE work_task ON COMMIT DROP AS
            SELECT task_id, min(from_event_id) AS from_event_id FROM (
                SELECT s.task_id, s.from_event_id FROM unnest(?::bigint[], ?::bigint[]) s (task_id, from_event_id)
                UNION ALL
                SELECT w.task_id, w.start_event_id FROM unnest(?::bigint[]) s (task_id)
                JOIN i_task_work_fact w ON w.task_id = s.task_id AND w.end_event_id IS NULL
            ) t
            GROUP BY task_id""";

    /** Which events of a task its assignments are computed from. */
    enum Scope {
        /**
         * The page's events applied to the task's open assignment ({@link OpenAssignments}): for a page in feed order
         * none of whose events is loaded yet, so every one of them comes after every event loaded.
         */
        PAGE_EVENTS,
        /** Derived from its open assignment's start or its first start in the page: for pages in feed order. */
        FROM_OPEN_ASSIGNMENT,
        /** Derived from all its events: for events that may come before events already loaded (a quarantine replay). */
        WHOLE_TASK
    }

    private static final String OPEN = """
            SELECT task_id, start_event_id, agent_key, queue_key, solution_key, department_key, process_key,
                category_key, date_time_key, (extract(epoch FROM assigned_at) * 1000000)::bigint, work_time_sec,
                held_time_sec
            FROM i_task_work_fact WHERE task_id = ANY (?::bigint[]) AND end_event_id IS NULL""";

    private static final String COLUMNS = """
            task_id, start_event_id, agent_key, queue_key, solution_key, department_key, process_key, category_key,
                date_time_key, assigned_at, end_event_id, end_task_event_type_key, finished_at, work_time_sec,
                held_time_sec, abandoned""";

    private static final String STAGE = """
            CREATE TEMP TABLE stage_work (task_id bigint, start_event_id bigint, agent_key integer, queue_key integer,
                solution_key integer, department_key integer, process_key integer, category_key integer,
                date_time_key integer, assigned_at timestamptz, end_event_id bigint, end_task_event_type_key smallint,
                finished_at timestamptz, work_time_sec integer, held_time_sec integer, abandoned boolean)
            ON COMMIT DROP""";

    // seg numbers the stretches between boundary events; an event's seconds (spent since the task's previous
    // event) belong to the stretch of the previous event: prev_seg.
    private static final String EVENTS = """
            CREATE TEMP TABLE work_event ON COMMIT DROP AS
            SELECT m.*, lag(m.seg) OVER (PARTITION BY m.task_id ORDER BY m.event_id) AS prev_seg
            FROM (
                SELECT e.task_id, e.event_id, e.occurred_at, e.date_time_key, e.task_event_type_key, t.name AS type,
                    e.agent_key, e.queue_key, e.solution_key, e.department_key, e.process_key, e.category_key,
                    e.work_time_sec, e.held_time_sec, b.starts, b.starts OR b.leaves AS boundary,
                    count(*) FILTER (WHERE b.starts OR b.leaves)
                        OVER (PARTITION BY e.task_id ORDER BY e.event_id) AS seg
                FROM work_task w
                -- Each task's events through the (task_id, event_id) index. OFFSET 0 keeps the planner from
                -- flattening this into a join, which it would run as a scan of every intraday event (its statistics
                -- lag behind the loads), a cost that grows with the history instead of the page.
                CROSS JOIN LATERAL (SELECT * FROM i_task_event_fact x
                                    WHERE x.task_id = w.task_id AND x.event_id >= w.from_event_id OFFSET 0) e
                JOIN task_event_type t ON t.task_event_type_key = e.task_event_type_key
                JOIN status s ON s.status_key = e.status_key
                CROSS JOIN LATERAL (SELECT
                    t.name = 'Assigned' OR (t.name = 'Transferred' AND s.name = 'Assigned') AS starts,
                    s.name NOT IN ('Assigned', 'Held', 'ErrorHeld') AS leaves) b
            ) m""";

    // Changes only rows whose values differ, so unchanged rows keep their audit keys.
    private static final String CHANGED = """
            ON CONFLICT (task_id, start_event_id) DO UPDATE SET
                end_event_id = excluded.end_event_id,
                end_task_event_type_key = excluded.end_task_event_type_key,
                finished_at = excluded.finished_at,
                work_time_sec = excluded.work_time_sec,
                held_time_sec = excluded.held_time_sec,
                abandoned = excluded.abandoned,
                updated_etl_audit_key = excluded.updated_etl_audit_key
            WHERE (f.end_event_id, f.end_task_event_type_key, f.finished_at, f.work_time_sec, f.held_time_sec,
                   f.abandoned)
                IS DISTINCT FROM (excluded.end_event_id, excluded.end_task_event_type_key, excluded.finished_at,
                   excluded.work_time_sec, excluded.held_time_sec, excluded.abandoned)""";

    private static final String ASSIGNMENTS = """
            INSERT INTO i_task_work_fact AS f (task_id, start_event_id, agent_key, queue_key, solution_key,
                department_key, process_key, category_key, date_time_key, assigned_at, end_event_id,
                end_task_event_type_key, finished_at, work_time_sec, held_time_sec, abandoned,
                created_etl_audit_key, updated_etl_audit_key)
            SELECT st.task_id, st.event_id, st.agent_key, st.queue_key, st.solution_key, st.department_key,
                st.process_key, st.category_key, st.date_time_key, st.occurred_at, en.event_id,
                en.task_event_type_key, en.occurred_at, coalesce(ms.work, 0), coalesce(ms.held, 0),
                en.type <> 'Completed', :audit, :audit
            FROM work_event st
            LEFT JOIN work_event en ON en.task_id = st.task_id AND en.boundary AND en.seg = st.seg + 1
            LEFT JOIN (SELECT task_id, prev_seg, sum(work_time_sec) AS work, sum(held_time_sec) AS held
                       FROM work_event WHERE prev_seg IS NOT NULL GROUP BY task_id, prev_seg) ms
                ON ms.task_id = st.task_id AND ms.prev_seg = st.seg
            WHERE st.starts
            """ + CHANGED;

    private static final String STAGED = """
            INSERT INTO i_task_work_fact AS f (%1$s, created_etl_audit_key, updated_etl_audit_key)
            SELECT %1$s, :audit, :audit FROM stage_work
            """.formatted(COLUMNS) + CHANGED;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    TaskWorkFactWriter(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /**
     * Writes the assignments of the tasks of {@code events} (the page's events to load, in the event facts already,
     * in ascending id) that start one in them or have one open, {@code taskIds} their distinct tasks; returns the
     * number of assignment rows inserted or changed.
     */
    int write(List<FeedEvent> events, long[] taskIds, DimensionKeys.Keys keys, long auditKey, Scope scope) {
        if (scope == Scope.PAGE_EVENTS) {
            Integer rows = applyPage(events, taskIds, keys, auditKey);
            if (rows != null) {
                return rows;
            }
        }
        return derive(events, auditKey, scope == Scope.WHOLE_TASK);
    }

    /** The page applied to the open assignments; null when a task has two open ones (then derived instead). */
    private Integer applyPage(List<FeedEvent> events, long[] taskIds, DimensionKeys.Keys keys, long auditKey) {
        List<OpenAssignments.Assignment> loaded = jdbc.sql(OPEN).param(taskIds).query((rs, n) ->
                new OpenAssignments.Assignment(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9),
                        instant(rs.getLong(10)), rs.getLong(11), rs.getLong(12))).list();
        if (loaded.stream().mapToLong(a -> a.taskId).distinct().count() < loaded.size()) {
            return null;
        }
        OpenAssignments assignments = new OpenAssignments(loaded);
        for (FeedEvent e : events) {
            assignments.apply(e, keys.of(e));
        }
        List<OpenAssignments.Assignment> rows = assignments.rows();
        if (rows.isEmpty()) {
            return 0;
        }
        jdbc.sql(STAGE).update();
        jdbcTemplate.execute((ConnectionCallback<Void>) connection -> {
            CopyRows.copyIn(connection, "COPY stage_work FROM STDIN (FORMAT binary)", row -> {
                for (OpenAssignments.Assignment a : rows) {
                    a.write(row);
                }
            });
            return null;
        });
        return jdbc.sql(STAGED).param("audit", auditKey).update();
    }

    /**
     * An instant from PostgreSQL's microseconds since the epoch. Times come as numbers, not as the driver's
     * {@code OffsetDateTime}: its parsing, inlined into this row mapper, made one of the largest compilations of a
     * one-shot load, for a few thousand rows.
     */
    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Derives the assignments again from the tasks' events in {@code i_task_event_fact}. */
    private int derive(List<FeedEvent> events, long auditKey, boolean wholeTask) {
        Map<Long, Long> starts = new HashMap<>();
        Set<Long> tasks = new HashSet<>();
        for (FeedEvent e : events) {
            tasks.add(e.taskId());
            if (OpenAssignments.startsAssignment(e)) {
                starts.merge(e.taskId(), wholeTask ? 0 : e.id(), Math::min);
            }
        }
        jdbc.sql(TASKS).params(starts.keySet().stream().mapToLong(Long::longValue).toArray(),
                starts.values().stream().mapToLong(Long::longValue).toArray(),
                tasks.stream().mapToLong(Long::longValue).toArray()).update();
        // Temp tables have no statistics until analysed: the planner would guess their sizes. The row count and
        // the tasks are what the joins need; the other columns would cost more than the statement they plan.
        jdbc.sql("ANALYZE work_task").update();
        jdbc.sql(EVENTS).update();
        jdbc.sql("ANALYZE work_event (task_id)").update();
        return jdbc.sql(ASSIGNMENTS).param("audit", auditKey).update();
    }
}
