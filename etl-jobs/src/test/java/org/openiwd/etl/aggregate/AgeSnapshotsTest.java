package org.openiwd.etl.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openiwd.etl.ImportedTasks.act;
import static org.openiwd.etl.ImportedTasks.create;
import static org.openiwd.etl.ImportedTasks.departmentWithProcesses;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * {@link AgeSnapshots} groups segments by the interval their start falls in before banding them: the snapshots must
 * stay exactly those of one task at a time. Tasks created at different seconds of the same intervals stay open
 * across a day and several band boundaries; a later run finds them settled (no event in its span), another task
 * changes inside the span, and a late event re-opens a settled stretch. Every snapshot is compared with a
 * brute-force computation: per interval and task, the state its last event before the interval's end left it in.
 * The second run's span (more than a day, over settled tasks) is computed in two halves at the same time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = "iwd.etl.aggregation.split-snapshots-from-settled-groups=1")
class AgeSnapshotsTest extends EtlWithApiTest {

    static final String TENANT = "agesnap";
    static final String S = "tenant_agesnap";

    // Per interval of the snapshots and per task: the task's last event before the interval's end; open tasks by
    // band of their age at that end (seconds since their first event, rounded up as the snapshots do).
    private static final String ONE_TASK_AT_A_TIME = """
            WITH task AS (
                SELECT task_id, ceil(extract(epoch FROM min(occurred_at)))::bigint AS start_sec
                FROM %1$s.task_event_fact GROUP BY task_id
            ), k AS (
                SELECT generate_series(min(date_time_key), (SELECT through_date_time_key FROM %1$s.etl_age_snapshot))
                    AS k
                FROM %1$s.h_task_age_fact_15min
            ), open_task AS (
                SELECT k.k, l.queue_key, l.process_key, (k.k + 1) * 900::bigint - t.start_sec AS age_sec
                FROM k CROSS JOIN task t
                CROSS JOIN LATERAL (SELECT e.queue_key, e.process_key, e.status_key FROM %1$s.task_event_fact e
                                    WHERE e.task_id = t.task_id AND e.occurred_at < to_timestamp((k.k + 1) * 900)
                                    ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT 1) l
                JOIN %1$s.status s ON s.status_key = l.status_key
                WHERE NOT s.is_final
            )
            SELECT o.k || ' ' || ag.age_key || ' ' || o.queue_key || ' ' || o.process_key || ' ' || count(*) || ' '
                || sum(o.age_sec)
            FROM open_task o
            JOIN %1$s.age ag ON ag.lower_sec <= o.age_sec AND (ag.upper_sec IS NULL OR ag.upper_sec > o.age_sec)
            GROUP BY o.k, ag.age_key, o.queue_key, o.process_key
            ORDER BY 1""";

    // The open backlog as the triggers of V21 keep it, and as the task facts say it is.
    private static final String BACKLOG = """
            SELECT queue_key || ' ' || process_key || ' ' || start_interval || ' ' || tasks || ' ' || sum_start_sec
            FROM %1$s.age_backlog ORDER BY 1""";

    private static final String BACKLOG_OF_TASK_FACTS = """
            SELECT queue_key || ' ' || process_key || ' ' || (start_sec + 899) / 900 || ' ' || count(*) || ' '
                || sum(start_sec)
            FROM (SELECT f.queue_key, f.process_key, ceil(extract(epoch FROM f.created_at))::bigint AS start_sec
                  FROM %1$s.task_fact f JOIN %1$s.status s USING (status_key)
                  WHERE f.finished_at IS NULL AND f.created_at IS NOT NULL AND NOT s.is_final) t
            GROUP BY queue_key, process_key, (start_sec + 899) / 900
            ORDER BY 1""";

    private static final String SNAPSHOTS = """
            SELECT date_time_key || ' ' || age_key || ' ' || queue_key || ' ' || process_key || ' ' || open_tasks
                || ' ' || sum_age_sec
            FROM %1$s.h_task_age_fact_15min ORDER BY 1""";

    private static final String CLASSIF = """
            SELECT date_time_key || ' ' || process_key || ' ' || created || ' ' || updated_etl_audit_key
            FROM %1$s.h_task_classif_fact_15min ORDER BY 1""";

    static RestClient importer;
    static long lateTask;

    @Test
    @Order(1)
    void openTasksStartedInOneIntervalAreCountedWithTheirExactAges() throws Exception {
        importer = api(provisionWithImportKey(TENANT, "UTC"));
        departmentWithProcesses(importer, "d", "p1");
        create(importer, "A", "crm", "p1", "q1", null, "2026-03-02T09:00:01Z", null);
        create(importer, "B", "crm", "p1", "q1", null, "2026-03-02T09:07:30Z", null);
        create(importer, "C", "crm", "p1", "q1", null, "2026-03-02T09:14:59Z", null);
        long d = create(importer, "D", "crm", "p1", "q1", null, "2026-03-02T09:15:00Z", null);
        lateTask = create(importer, "E", "web", "p1", "q2", null, "2026-03-02T09:05:00Z", null);
        act(importer, d, "assign", "2026-03-02T09:40:00Z", Map.of("agentId", "E1"));
        run();

        assertThat(ageAt("2026-03-02T09:30:00Z")).containsExactly(
                "< 1h q1 p1 4 " + (2699 + 2250 + 1801 + 1800), "< 1h q2 p1 1 2400");
        assertThat(snapshots()).isEqualTo(oneTaskAtATime());
    }

    @Test
    @Order(2)
    void settledTasksKeepTheirExactAgesAcrossTheBandsOfALaterSpan() throws Exception {
        long f = create(importer, "F", "crm", "p1", "q1", null, "2026-03-03T12:00:00Z", null);
        act(importer, f, "transfer", "2026-03-03T12:20:00Z", Map.of("queueId", "q2"));
        run();

        // A, B and C share a start interval (D has the next): 27 h 15 min after 09:00 their ages differ by seconds.
        assertThat(ageAt("2026-03-03T12:00:00Z")).containsExactly(
                "1-2d q1 p1 4 " + (4 * 98100 - 1 - 450 - 899 - 900), "1-2d q2 p1 1 97800", "< 1h q1 p1 1 900");
        assertThat(snapshots()).isEqualTo(oneTaskAtATime());
    }

    @Test
    @Order(3)
    void aLateEventOfASettledTaskChangesItsSnapshotsExactly() throws Exception {
        act(importer, lateTask, "complete", "2026-03-02T20:00:00Z", Map.of());
        run();

        assertThat(ageAt("2026-03-03T12:00:00Z")).containsExactly(
                "1-2d q1 p1 4 " + (4 * 98100 - 1 - 450 - 899 - 900), "< 1h q1 p1 1 900");
        assertThat(snapshots()).isEqualTo(oneTaskAtATime());
    }

    @Test
    @Order(4)
    void anAgeBandBoundOffTheQuarterHourIsRefused() {
        assertThatThrownBy(() -> jdbc.sql("UPDATE " + S + ".age SET upper_sec = 3601 WHERE age_key = 1").update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("age_bounds_on_intervals");
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO " + S + ".age (age_key, name, lower_sec, upper_sec) "
                + "VALUES (11, 'odd', 100, NULL)").update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    @Order(5)
    void theBacklogFollowsTasksThatOpenMoveAndFinishInOnePage() throws Exception {
        long g = create(importer, "G", "crm", "p1", "q1", null, "2026-03-04T08:00:00Z", null);
        long h = create(importer, "H", "crm", "p1", "q2", null, "2026-03-04T08:01:00Z", null);
        act(importer, g, "transfer", "2026-03-04T08:05:00Z", Map.of("queueId", "q2"));
        act(importer, h, "cancel", "2026-03-04T08:06:00Z", Map.of());
        act(importer, g, "transfer", "2026-03-04T08:10:00Z", Map.of("queueId", "q1"));
        run();

        assertThat(rows(BACKLOG.formatted(S))).hasSize(3);
        assertThat(snapshots()).isEqualTo(oneTaskAtATime());
    }

    @Test
    @Order(6)
    void aSnapshotTransactionThatFailsFailsTheAggregationAndTheRestartIsExact() throws Exception {
        create(importer, "I", "crm", "p1", "q1", null, "2026-03-04T09:00:00Z", null);
        List<String> classifBefore = rows(CLASSIF.formatted(S));
        jdbc.sql("""
                CREATE FUNCTION %1$s.planned_snapshot_failure() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'planned snapshot failure';
                END $$;
                CREATE TRIGGER planned_snapshot_failure BEFORE INSERT OR UPDATE ON %1$s.h_task_age_fact_15min
                    FOR EACH STATEMENT EXECUTE FUNCTION %1$s.planned_snapshot_failure()""".formatted(S)).update();
        tenants.sync();

        JobExecution failed = jobs.run(JobNames.INTRADAY, TENANT);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.getExitStatus().getExitDescription()).contains("planned snapshot failure");
        assertThat(rows(CLASSIF.formatted(S))).as("the areas' transaction rolled back with the snapshots'")
                .isEqualTo(classifBefore);
        assertThat(rows("SELECT date_time_key::text FROM " + S + ".etl_touched_interval"))
                .as("the intervals stay touched").isNotEmpty();

        jdbc.sql("DROP TRIGGER planned_snapshot_failure ON %1$s.h_task_age_fact_15min; "
                .formatted(S) + "DROP FUNCTION %1$s.planned_snapshot_failure()".formatted(S)).update();
        assertThat(jobs.restart(failed).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows("SELECT date_time_key::text FROM " + S + ".etl_touched_interval")).isEmpty();
        assertThat(rows(CLASSIF.formatted(S))).as("task I's creation counted").isNotEqualTo(classifBefore);
        assertThat(snapshots()).isEqualTo(oneTaskAtATime());
    }

    /** Runs the intraday chain; the open backlog the triggers keep must then be the one the task facts hold. */
    private void run() throws Exception {
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> backlog = rows(BACKLOG_OF_TASK_FACTS.formatted(S));
        assertThat(backlog).isNotEmpty();
        assertThat(rows(BACKLOG.formatted(S))).isEqualTo(backlog);
    }

    private List<String> snapshots() {
        return rows(SNAPSHOTS.formatted(S));
    }

    private List<String> oneTaskAtATime() {
        List<String> expected = rows(ONE_TASK_AT_A_TIME.formatted(S));
        assertThat(expected).isNotEmpty();
        return expected;
    }

    private List<String> ageAt(String intervalStart) {
        return rows("SELECT f.age_name || ' ' || coalesce(nullif(f.queue_id, ''), '-') || ' ' || "
                + "coalesce(nullif(f.process_id, ''), '-') || ' ' || f.open_tasks || ' ' || f.sum_age_sec FROM " + S
                + ".iwd_agg_task_age_fact_15min f WHERE f.interval_start = '" + intervalStart + "' ORDER BY 1");
    }

    private List<String> rows(String sql) {
        return jdbc.sql(sql).query(String.class).list();
    }
}
