package org.openiwd.etl.aggregate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.openiwd.etl.EtlProperties;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantSchema;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the 15-minute aggregates of the intervals the loads recorded as touched, set-based, from the
 * blended event facts: {@code task_classif}, {@code task_queue}, {@code task_agent} and {@code task_capt} for
 * those intervals only, however long the history (their events are read once, interval by interval through the
 * {@code date_time_key} index, into a temp table the four areas aggregate), and the {@code task_age} backlog
 * snapshots that the touched intervals change ({@link AgeSnapshots}). Rows whose numbers do not change keep their
 * audit keys; rows of a re-aggregated interval that no longer has a counterpart are removed. The local day of every
 * re-aggregated interval goes into {@code etl_touched_day}, to get its day rows again ({@link DayAggregator}).
 *
 * <p>Transaction: runs in the caller's; it takes the touched intervals out of {@code etl_touched_interval} in the
 * same transaction that writes their aggregates and marks their days, so a crash leaves them touched, to be
 * aggregated on restart. With {@link #aggregateCommitted} the {@code task_age} snapshots, which read only committed
 * facts and write only their own tables and days, are computed at the same time in a second transaction on another
 * connection and thread (the aggregation is otherwise one busy backend beside idle cores); a span of a day or more
 * over a large settled backlog in two transactions, one per half. Their calendar rows commit first, in a
 * transaction of their own. All of these commit before the caller's can: the caller's waits for them and fails
 * with any. A crash between the commits leaves the intervals touched, and the
 * next run recomputes the snapshots to the same rows (every aggregate is recomputed from the facts, never
 * incremented), so the rows after a restart are those of a run without the crash. The caller's transaction marks
 * its days only after the snapshots' transactions have committed theirs: two open transactions inserting the same
 * day would wait on each other, one in the database and one here. One call per transaction; the caller holds the
 * tenant lock, so nothing else writes the tenant's Data Mart meanwhile.
 */
@Component
public class IntradayAggregator implements DisposableBean {

    private static final String TAKE_TOUCHED = """
            CREATE TEMP TABLE agg_interval (date_time_key integer PRIMARY KEY) ON COMMIT DROP;
            WITH taken AS (DELETE FROM etl_touched_interval RETURNING date_time_key)
            INSERT INTO agg_interval SELECT date_time_key FROM taken""";

    // The touched intervals' events, read once for the four areas, per interval through the date_time_key index:
    // the planner, without current statistics of the facts (the loads outrun autovacuum's analyze), scanned every
    // event of the Data Mart for each area (100 000 new events over a history of 2 000 000: 2.1 million rows read
    // four times).
    private static final String TOUCHED_EVENTS = """
            CREATE TEMP TABLE agg_event ON COMMIT DROP AS
            SELECT e.date_time_key, e.task_id, e.task_event_type_key, e.status_key, e.occurred_at, e.due_at,
                e.solution_key, e.department_key, e.process_key, e.category_key, e.capture_point_key, e.queue_key,
                e.previous_queue_key, e.agent_key, e.previous_agent_key, e.business_value, e.work_time_sec,
                e.held_time_sec
            FROM agg_interval k
            CROSS JOIN LATERAL (SELECT * FROM task_event_fact x WHERE x.date_time_key = k.date_time_key OFFSET 0) e""";

    private static final String CLASSIF = """
            CREATE TEMP TABLE fresh_task_classif ON COMMIT DROP AS
            SELECT e.date_time_key, e.solution_key, e.department_key, e.process_key, e.category_key,
                count(*) FILTER (WHERE t.name = 'Created') AS created,
                count(*) FILTER (WHERE t.name = 'Queued') AS queued,
                count(*) FILTER (WHERE t.name = 'Assigned') AS assigned,
                count(*) FILTER (WHERE t.name = 'Completed') AS completed,
                count(*) FILTER (WHERE t.name = 'Canceled') AS canceled,
                count(*) FILTER (WHERE t.name = 'Rejected') AS rejected,
                count(*) FILTER (WHERE t.name = 'Completed' AND e.occurred_at <= e.due_at) AS completed_in_due,
                count(*) FILTER (WHERE t.name = 'Completed' AND e.occurred_at > e.due_at) AS completed_overdue,
                -- The task's creation time only for completed events (FILTER comes before the argument): a join
                -- would look up every event's task, at a cost that grows with the tasks in the Data Mart.
                coalesce(sum(extract(epoch FROM e.occurred_at
                        - (SELECT tf.created_at FROM task_fact tf WHERE tf.task_id = e.task_id)))
                    FILTER (WHERE t.name = 'Completed'), 0)::bigint AS sum_time_to_complete_sec
            FROM agg_event e
            JOIN task_event_type t ON t.task_event_type_key = e.task_event_type_key
            WHERE t.name IN ('Created', 'Queued', 'Assigned', 'Completed', 'Canceled', 'Rejected')
            GROUP BY e.date_time_key, e.solution_key, e.department_key, e.process_key, e.category_key""";

    // A task enters the queue its event puts it in; it exits the queue it was in when an event moves it to
    // another queue (or to none), or when it reaches a final state there.
    private static final String QUEUE = """
            CREATE TEMP TABLE fresh_task_queue ON COMMIT DROP AS
            SELECT date_time_key, queue_key, sum(entered) AS entered, sum(exited) AS exited
            FROM (
                SELECT e.date_time_key, e.queue_key, 1 AS entered, 0 AS exited
                FROM agg_event e
                WHERE e.queue_key <> 0 AND e.queue_key <> e.previous_queue_key
                UNION ALL
                SELECT e.date_time_key, e.previous_queue_key, 0, 1
                FROM agg_event e
                JOIN status s ON s.status_key = e.status_key
                WHERE e.previous_queue_key <> 0 AND (e.queue_key <> e.previous_queue_key OR s.is_final)
            ) moves
            GROUP BY date_time_key, queue_key""";

    // Assignments and completions belong to the agent the event leaves the task with; the work and held time an
    // event carries accrued since the task's previous event, while the previous agent held it.
    private static final String AGENT = """
            CREATE TEMP TABLE fresh_task_agent ON COMMIT DROP AS
            SELECT date_time_key, agent_key, sum(assigned) AS assigned, sum(completed) AS completed,
                sum(work_time_sec) AS work_time_sec, sum(held_time_sec) AS held_time_sec
            FROM (
                SELECT e.date_time_key, e.agent_key, (t.name <> 'Completed')::integer AS assigned,
                    (t.name = 'Completed')::integer AS completed, 0 AS work_time_sec, 0 AS held_time_sec
                FROM agg_event e
                JOIN task_event_type t ON t.task_event_type_key = e.task_event_type_key
                WHERE e.agent_key <> 0 AND t.name IN ('Assigned', 'Transferred', 'Completed')
                UNION ALL
                SELECT e.date_time_key, e.previous_agent_key, 0, 0, e.work_time_sec, e.held_time_sec
                FROM agg_event e
                WHERE e.previous_agent_key <> 0 AND (e.work_time_sec > 0 OR e.held_time_sec > 0)
            ) parts
            GROUP BY date_time_key, agent_key""";

    private static final String CAPT = """
            CREATE TEMP TABLE fresh_task_capt ON COMMIT DROP AS
            SELECT e.date_time_key, e.capture_point_key,
                count(*) FILTER (WHERE t.name = 'Created') AS created,
                count(*) FILTER (WHERE t.name = 'Completed') AS completed,
                count(*) FILTER (WHERE t.name = 'Canceled') AS canceled,
                count(*) FILTER (WHERE t.name = 'Rejected') AS rejected,
                coalesce(sum(e.business_value) FILTER (WHERE t.name = 'Created'), 0) AS sum_business_value_created,
                coalesce(sum(e.business_value) FILTER (WHERE t.name = 'Completed'), 0)
                    AS sum_business_value_completed
            FROM agg_event e
            JOIN task_event_type t ON t.task_event_type_key = e.task_event_type_key
            WHERE t.name IN ('Created', 'Completed', 'Canceled', 'Rejected')
            GROUP BY e.date_time_key, e.capture_point_key""";

    private static final Map<SubjectArea, String> FRESH = Map.of(SubjectArea.TASK_CLASSIF, CLASSIF,
            SubjectArea.TASK_QUEUE, QUEUE, SubjectArea.TASK_AGENT, AGENT, SubjectArea.TASK_CAPT, CAPT);

    private static final String TOUCHED_DAYS = """
            INSERT INTO etl_touched_day (event_date_key)
            SELECT DISTINCT dt.event_date_key
            FROM agg_interval k JOIN date_time dt ON dt.date_time_key = k.date_time_key
            ON CONFLICT (event_date_key) DO NOTHING""";

    /**
     * A span of snapshots this long (a day) or longer may be computed in two halves at the same time: over a long
     * history its settled backlog is banded over every interval of the span, the largest part of the aggregation.
     */
    private static final int SPLIT_SNAPSHOTS_FROM = 96;

    private final JdbcClient jdbc;
    private final AgeSnapshots ageSnapshots;
    private final TransactionTemplate snapshotTransaction;
    private final ExecutorService snapshotThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final int splitFromSettledGroups;

    IntradayAggregator(JdbcClient jdbc, AgeSnapshots ageSnapshots, PlatformTransactionManager transactions,
            EtlProperties properties) {
        this.jdbc = jdbc;
        this.ageSnapshots = ageSnapshots;
        this.splitFromSettledGroups = properties.aggregation().splitSnapshotsFromSettledGroups();
        this.snapshotTransaction = new TransactionTemplate(transactions);
        this.snapshotTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Aggregates the touched intervals, the {@code task_age} snapshots included, all in the caller's transaction:
     * for a caller whose own transaction wrote facts not committed yet (a quarantine replay), which a second
     * transaction would not see. Returns the number of touched intervals aggregated.
     */
    public int aggregate(DataMartTenant tenant, long auditKey) {
        Touched touched = takeTouched(tenant);
        if (touched.count() == 0) {
            return 0;
        }
        aggregateAreas(auditKey);
        ageSnapshots.coverTouched(tenant, touched.first(), touched.last(), auditKey);
        jdbc.sql(TOUCHED_DAYS).update();
        return touched.count();
    }

    /**
     * Aggregates the touched intervals of facts that are committed (the loads' pages are), the {@code task_age}
     * snapshots at the same time in their own transaction, which commits first (see the class's contract). Returns
     * the number of touched intervals aggregated.
     */
    public int aggregateCommitted(DataMartTenant tenant, long auditKey) {
        Touched touched = takeTouched(tenant);
        if (touched.count() == 0) {
            return 0;
        }
        AgeSnapshots.Span span = ageSnapshots.spanCovering(touched.first(), touched.last());
        List<AgeSnapshots.Span> parts = span.length() >= SPLIT_SNAPSHOTS_FROM
                && ageSnapshots.settledGroupsBefore(span) >= splitFromSettledGroups ? span.halves() : List.of(span);
        // The span's calendar rows, which halves share at the middle day: written and committed first, so that no
        // part waits for another's insert of them.
        snapshotTransaction.executeWithoutResult(status -> {
            TenantSchema.enter(jdbc, tenant);
            ageSnapshots.ensureCalendar(tenant, span);
        });
        CompletableFuture<Void> snapshots = CompletableFuture.allOf(parts.stream()
                .map(part -> CompletableFuture.runAsync(() -> snapshotTransaction.executeWithoutResult(status -> {
                    TenantSchema.enter(jdbc, tenant);
                    ageSnapshots.recompute(part, auditKey);
                }), snapshotThreads))
                .toArray(CompletableFuture[]::new));
        try {
            aggregateAreas(auditKey);
        }
        catch (RuntimeException e) {
            // Not rolled back before the snapshots' transaction has ended: its rows are right either way.
            snapshots.handle((done, failure) -> null).join();
            throw e;
        }
        try {
            snapshots.join();
        }
        catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        jdbc.sql(TOUCHED_DAYS).update();
        return touched.count();
    }

    /** The touched intervals taken: the first, the last and how many (0: none, then first and last mean nothing). */
    private record Touched(int first, int last, int count) {
    }

    /** Takes the touched intervals into {@code agg_interval}. */
    private Touched takeTouched(DataMartTenant tenant) {
        TenantSchema.enter(jdbc, tenant);
        jdbc.sql(TAKE_TOUCHED).update();
        // Temp tables have no statistics until analyzed; without them the planner scans every event.
        jdbc.sql("ANALYZE agg_interval").update();
        return jdbc.sql("SELECT min(date_time_key), max(date_time_key), count(*) FROM agg_interval")
                .query((rs, n) -> new Touched(rs.getInt(1), rs.getInt(2), rs.getInt(3))).single();
    }

    /** The four event areas of the intervals in {@code agg_interval}, from their events read once. */
    private void aggregateAreas(long auditKey) {
        jdbc.sql(TOUCHED_EVENTS).update();
        for (SubjectArea area : SubjectArea.values()) {
            if (area.isSnapshot()) {
                continue;
            }
            String fresh = "fresh_" + area.area();
            AggregateTable table = area.quarterHour();
            jdbc.sql(FRESH.get(area)).update();
            jdbc.sql("ANALYZE " + fresh).update();
            jdbc.sql(table.upsert(fresh)).param("audit", auditKey).update();
            jdbc.sql(table.deleteStale(fresh, "agg_interval")).update();
        }
    }

    @Override
    public void destroy() {
        snapshotThreads.shutdownNow();
    }
}
