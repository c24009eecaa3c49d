package org.openiwd.etl.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.exactlyonce.DataMartSnapshot;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.schedule.TenantSchedules;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.quartz.CronTrigger;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * {@code nightly} against the real API and Data Mart: it moves exactly the final tasks of closed, fully aggregated
 * days and leaves every blended view as it was, does nothing more when run again, purges exactly what is older
 * than the tenant's retention, records its statistics, and is scheduled per tenant in the tenant's zone, and keeps the Data Mart's own records for the bookkeeping retention.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Defaults that keep everything of the test's days; the tenant's own retention is set for the purge.
@TestPropertySource(properties = {"iwd.etl.nightly.batch-size=2", "iwd.etl.nightly.retention.facts=10y",
    "iwd.etl.nightly.retention.fifteen-minute=10y", "iwd.etl.nightly.retention.daily=10y"})
class NightlyJobTest extends EtlWithApiTest {

    static final String TENANT = "night";
    static final String SCHEMA = "tenant_night";
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired
    TenantRegistry registry;
    @Autowired
    FinalTaskMover mover;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    TenantSchedules schedules;

    static RestClient api;
    static long eventsLoaded;

    @Test
    @Order(1)
    void movesExactlyTheFinalTasksOfClosedFullyAggregatedDaysAndChangesNoBlendedView() throws Exception {
        api = api(provisionWithImportKey(TENANT, "Europe/Paris"));
        api.post().uri("/departments").body(Map.of("id", "d", "name", "D")).retrieve().toBodilessEntity();
        api.post().uri("/processes").body(Map.of("id", "p", "name", "P", "parentId", "d")).retrieve()
                .toBodilessEntity();
        long f1 = create("F1", "2026-03-02T08:00:00Z");
        act(f1, "assign", "2026-03-02T08:10:00Z", Map.of("agentId", "E1"));
        act(f1, "complete", "2026-03-02T08:30:00Z", Map.of());
        long f2 = create("F2", "2026-03-03T08:00:00Z");
        act(f2, "cancel", "2026-03-03T09:00:00Z", Map.of());
        long f3 = create("F3", "2026-03-04T08:00:00Z");
        act(f3, "assign", "2026-03-04T08:10:00Z", Map.of("agentId", "E2"));
        act(f3, "complete", "2026-03-04T10:00:00Z", Map.of());
        long o1 = create("O1", "2026-03-02T08:00:00Z");
        act(o1, "assign", "2026-03-02T08:10:00Z", Map.of("agentId", "E3"));
        long t1 = create("T1", null);
        act(t1, "complete", null, Map.of());
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        eventsLoaded = count("task_event_fact");
        long eventsOfF1AndF3 = count("i_task_event_fact WHERE task_id IN (" + f1 + ", " + f3 + ")");
        // A late event of 3 March waits for its 15-minute aggregate: that day is not fully aggregated.
        jdbc.sql("INSERT INTO tenant_night.etl_touched_interval (date_time_key) VALUES (?)")
                .param(intervalKey("2026-03-03T09:00:00Z")).update();
        // nightly's first step writes the day rows of the closed days: done here first, so the snapshot
        // compares what the move changes.
        aggregateClosedDays(TENANT);
        Map<String, List<String>> before = DataMartSnapshot.of(jdbc, SCHEMA);

        assertThat(jobs.run(JobNames.NIGHTLY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(captureIds("h_task_fact")).containsExactly("F1", "F3");
        assertThat(captureIds("i_task_fact")).containsExactly("F2", "O1", "T1");
        assertThat(count("i_task_event_fact WHERE task_id IN (" + f1 + ", " + f3 + ")")).isZero();
        assertThat(count("h_task_event_fact")).isEqualTo(eventsOfF1AndF3);
        assertThat(jdbc.sql("SELECT DISTINCT task_id FROM tenant_night.h_task_event_fact ORDER BY 1")
                .query(Long.class).list()).containsExactly(f1, f3);
        assertThat(jdbc.sql("SELECT task_id FROM tenant_night.h_task_work_fact ORDER BY 1").query(Long.class)
                .list()).containsExactly(f1, f3);
        assertThat(count("i_task_work_fact")).as("O1's open assignment").isOne();
        Map<String, List<String>> after = DataMartSnapshot.of(jdbc, SCHEMA);
        assertSameTables(withoutPlacement(after), withoutPlacement(before));

        assertThat(jobs.run(JobNames.NIGHTLY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(DataMartSnapshot.of(jdbc, SCHEMA)).as("a second run moves nothing").isEqualTo(after);

        // The day's aggregates now wait at the day level: its tasks still stay; once aggregated, they move.
        DataMartTenant tenant = registry.find(TENANT).orElseThrow();
        jdbc.sql("DELETE FROM tenant_night.etl_touched_interval").update();
        jdbc.sql("INSERT INTO tenant_night.etl_touched_day (event_date_key) VALUES (20260303)"
                + " ON CONFLICT DO NOTHING").update();
        assertThat(moveBatch(tenant)).isZero();
        jdbc.sql("DELETE FROM tenant_night.etl_touched_day").update();
        assertThat(moveBatch(tenant)).isOne();
        assertThat(captureIds("h_task_fact")).containsExactly("F1", "F2", "F3");
        Map<String, List<String>> moved = withoutPlacement(DataMartSnapshot.of(jdbc, SCHEMA));
        moved.remove("touched");
        moved.remove("touched_days");
        Map<String, List<String>> blendedBefore = withoutPlacement(before);
        blendedBefore.remove("touched");
        blendedBefore.remove("touched_days");
        assertSameTables(moved, blendedBefore);
    }

    @Test
    @Order(2)
    void purgesExactlyWhatIsOlderThanTheTenantsRetentionAndRecordsItsStatistics() throws Exception {
        // Keep from 3 March on: 1 day less than 2 March's age.
        long days = ChronoUnit.DAYS.between(LocalDate.parse("2026-03-03"), LocalDate.now(PARIS));
        jdbc.sql("""
                UPDATE etl.tenant SET retention_facts = make_interval(days => CAST(? AS integer)),
                    retention_fifteen_minute = make_interval(days => CAST(? AS integer)),
                    retention_daily = make_interval(days => CAST(? AS integer))
                WHERE tenant_id = ?""").params(days, days, days, TENANT).update();
        // Tables of a subject area another team adds: found by their names.
        jdbc.sql("""
                CREATE TABLE tenant_night.h_extra_fact_15min (date_time_key integer, n integer);
                CREATE TABLE tenant_night.h_extra_fact_day (event_date_key integer, n integer)""").update();
        // 2 March 23:45 and 3 March 00:00 in Paris.
        jdbc.sql("INSERT INTO tenant_night.h_extra_fact_15min VALUES (?, 1), (?, 1)")
                .params(intervalKey("2026-03-02T22:45:00Z"), intervalKey("2026-03-02T23:00:00Z")).update();
        jdbc.sql("INSERT INTO tenant_night.h_extra_fact_day VALUES (20260302, 1), (20260303, 1)").update();
        List<String> kept15 = jdbc.sql("SELECT f::text FROM tenant_night.iwd_agg_task_classif_fact_15min f"
                + " WHERE local_date >= '2026-03-03' ORDER BY 1").query(String.class).list();
        long purged15 = count("iwd_agg_task_classif_fact_15min WHERE local_date < '2026-03-03'");
        assertThat(kept15).isNotEmpty();
        assertThat(purged15).isPositive();
        long aggregateRowsToPurge = aggregateRowsBefore("2026-03-03");

        assertThat(jobs.run(JobNames.NIGHTLY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(captureIds("h_task_fact")).containsExactly("F2", "F3");
        assertThat(jdbc.sql("SELECT DISTINCT t.capture_id FROM tenant_night.h_task_event_fact e"
                + " JOIN tenant_night.h_task_fact t USING (task_id) ORDER BY 1").query(String.class).list())
                .containsExactly("F2", "F3");
        assertThat(count("h_task_event_fact")).isEqualTo(count("h_task_event_fact e WHERE EXISTS"
                + " (SELECT 1 FROM tenant_night.h_task_fact t WHERE t.task_id = e.task_id)"));
        assertThat(count("h_task_work_fact")).as("F3's assignment").isOne();
        assertThat(captureIds("i_task_fact")).as("intraday facts are never purged").containsExactly("O1", "T1");
        assertThat(jdbc.sql("SELECT f::text FROM tenant_night.iwd_agg_task_classif_fact_15min f ORDER BY 1")
                .query(String.class).list()).isEqualTo(kept15);
        assertThat(jdbc.sql("SELECT date_time_key FROM tenant_night.h_extra_fact_15min").query(Integer.class)
                .list()).containsExactly(intervalKey("2026-03-02T23:00:00Z"));
        assertThat(jdbc.sql("SELECT event_date_key FROM tenant_night.h_extra_fact_day").query(Integer.class)
                .list()).containsExactly(20260303);

        assertThat(jdbc.sql("""
                SELECT concat_ws(' ', job_name, status, tasks_moved, tasks_purged, aggregate_rows_purged)
                FROM tenant_night.etl_stats_general WHERE job_name = 'nightly' ORDER BY job_execution_id""")
                .query(String.class).list()).containsExactly(
                        "nightly COMPLETED 2 0 0", "nightly COMPLETED 0 0 0",
                        "nightly COMPLETED 0 1 " + aggregateRowsToPurge);
        assertThat(jdbc.sql("""
                SELECT concat_ws(' ', s.events_loaded, s.events_quarantined, s.watermark_event_id = w.last_event_id,
                    s.lag_sec > 0, s.steps -> 'loadIntraday' IS NOT NULL, s.steps -> 'loadIntraday' ->> 'written')
                FROM tenant_night.etl_stats_general s, tenant_night.etl_watermark w
                WHERE s.job_name = 'intraday' AND w.feed = 'task'""").query(String.class).single())
                .isEqualTo(eventsLoaded + " 0 t t t " + eventsLoaded);
        assertThat(jdbc.sql("""
                SELECT s.table_name || ' ' || s.rows_estimate FROM tenant_night.database_stats s
                WHERE s.etl_audit_key = (SELECT max(etl_audit_key) FROM tenant_night.etl_audit)
                  AND s.table_name IN ('h_task_fact', 'i_task_fact', 'h_task_work_fact') ORDER BY 1""")
                .query(String.class).list()).containsExactly("h_task_fact 2", "h_task_work_fact 1", "i_task_fact 2");
        assertThat(count("database_stats WHERE total_bytes <= 0")).isZero();
        assertThat(count("database_stats WHERE etl_audit_key = (SELECT max(etl_audit_key)"
                + " FROM tenant_night.etl_audit)")).isEqualTo(jdbc.sql("""
                        SELECT count(*) FROM pg_tables WHERE schemaname = ?""").param(SCHEMA).query(Long.class)
                        .single());
    }

    @Test
    @Order(3)
    void eachTenantHasANightlyTriggerInItsZoneWithTheDefaultCronUntilItsOwnIsSet() throws Exception {
        DataMartTenant tenant = registry.find(TENANT).orElseThrow();
        schedules.reconcile(List.of(tenant));
        CronTrigger trigger = schedules.trigger(TENANT, JobNames.NIGHTLY);
        assertThat(trigger.getCronExpression()).isEqualTo("0 30 1 * * ?");
        assertThat(trigger.getTimeZone().getID()).isEqualTo("Europe/Paris");
        assertThat(trigger.getMisfireInstruction()).as("a missed night is not replayed")
                .isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);

        jdbc.sql("UPDATE etl.tenant_schedule SET cron = '0 15 3 * * ?' WHERE tenant_id = ? AND job_name = ?")
                .params(TENANT, JobNames.NIGHTLY).update();
        schedules.reconcile(List.of(tenant));
        assertThat(schedules.trigger(TENANT, JobNames.NIGHTLY).getCronExpression()).isEqualTo("0 15 3 * * ?");
        assertThat(schedules.trigger(TENANT, JobNames.INTRADAY).getCronExpression()).isEqualTo("0 */15 * * * ?");
    }

    @Test
    @Order(4)
    void purgesTheDataMartsOwnRecordsOlderThanTheBookkeepingRetentionButNoAuditRowAWatermarkNames() throws Exception {
        // Old rows are 402 days old: the cutoff is the start of the tenant's local day 400 days ago, and 401 days
        // of 24 hours back from late evening land on that very day when a DST change lies in between (the test
        // failed so from 22:00 to 23:00 UTC in November, Europe/Paris).
        long named = oldAuditRow();
        long unnamed = oldAuditRow();
        jdbc.sql("UPDATE tenant_night.etl_watermark SET updated_etl_audit_key = ? WHERE feed = 'config'")
                .param(named).update();
        jdbc.sql("""
                INSERT INTO tenant_night.etl_stats_general (job_execution_id, etl_audit_key, job_name, status,
                    started_at, ended_at, duration_ms, events_loaded, events_quarantined, tasks_moved, tasks_purged,
                    aggregate_rows_purged, steps)
                VALUES (-1, ?, 'intraday', 'COMPLETED', now() - interval '402 days', now() - interval '402 days',
                    1, 0, 0, 0, 0, 0, '{}')""").param(unnamed).update();
        jdbc.sql("""
                INSERT INTO tenant_night.database_stats (etl_audit_key, table_name, measured_at, total_bytes)
                VALUES (?, 'i_task_fact', now() - interval '402 days', 8192)""").param(unnamed).update();
        jdbc.sql("""
                INSERT INTO tenant_night.etl_quarantine (feed, raw_payload, reason, quarantined_at, etl_audit_key)
                VALUES ('task', '{}', 'old', now() - interval '402 days', ?),
                       ('task', '{}', 'recent', now(), ?)""").params(unnamed, unnamed).update();
        long auditRows = count("etl_audit");
        long statistics = count("etl_stats_general");
        long sizes = count("database_stats");

        assertThat(jobs.run(JobNames.NIGHTLY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(count("etl_audit WHERE etl_audit_key = " + unnamed)).isZero();
        assertThat(count("etl_audit WHERE etl_audit_key = " + named)).as("a watermark names it").isOne();
        assertThat(count("etl_audit")).as("this run's row added, one old row gone").isEqualTo(auditRows);
        assertThat(count("etl_stats_general WHERE job_execution_id = -1")).isZero();
        assertThat(count("etl_stats_general")).as("this run's row added, the old one gone").isEqualTo(statistics);
        assertThat(count("database_stats WHERE measured_at < now() - interval '400 days'")).isZero();
        assertThat(count("database_stats")).as("this run measured every table again").isGreaterThan(sizes - 1);
        assertThat(jdbc.sql("SELECT reason FROM tenant_night.etl_quarantine").query(String.class).list())
                .containsExactly("recent");
        assertThat(jdbc.sql("""
                SELECT s.steps -> 'purgeBookkeeping' ->> 'written' FROM tenant_night.etl_stats_general s
                WHERE s.job_name = 'nightly' ORDER BY s.job_execution_id DESC LIMIT 1""").query(String.class)
                .single()).isEqualTo("4");
    }

    private long oldAuditRow() {
        return jdbc.sql("""
                INSERT INTO tenant_night.etl_audit (job_name, started_at, ended_at, status)
                VALUES ('intraday', now() - interval '402 days', now() - interval '402 days', 'COMPLETED')
                RETURNING etl_audit_key""").query(Long.class).single();
    }

    private int moveBatch(DataMartTenant tenant) {
        Integer moved = transactions.execute(status -> mover.moveBatch(tenant, 10));
        return moved;
    }

    /** The rows of every 15-minute and day aggregate table of local days before the given one. */
    private long aggregateRowsBefore(String localDate) {
        long rows = 0;
        for (String table : jdbc.sql("""
                SELECT tablename FROM pg_tables WHERE schemaname = ? AND tablename ~ '^h_.+_fact_(15min|day)$'""")
                .param(SCHEMA).query(String.class).list()) {
            rows += table.endsWith("_15min")
                    ? count(table + " f WHERE EXISTS (SELECT 1 FROM tenant_night.date_time d"
                            + " WHERE d.date_time_key = f.date_time_key AND d.local_date < '" + localDate + "')")
                    : count(table + " WHERE event_date_key < " + localDate.replace("-", ""));
        }
        return rows;
    }

    /** Table by table, so a difference names its table. */
    private static void assertSameTables(Map<String, List<String>> actual, Map<String, List<String>> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((table, rows) -> assertThat(actual.get(table)).as(table).isEqualTo(rows));
    }

    private static Map<String, List<String>> withoutPlacement(Map<String, List<String>> snapshot) {
        Map<String, List<String>> blended = new HashMap<>(snapshot);
        blended.remove("historical");
        return blended;
    }

    private List<String> captureIds(String table) {
        return jdbc.sql("SELECT capture_id FROM tenant_night." + table + " ORDER BY 1").query(String.class).list();
    }

    private long count(String tableAndCondition) {
        return jdbc.sql("SELECT count(*) FROM tenant_night." + tableAndCondition).query(Long.class).single();
    }

    private static int intervalKey(String utc) {
        return Math.toIntExact(java.time.Instant.parse(utc).getEpochSecond() / 900);
    }

    private static long create(String captureId, String at) {
        Map<String, Object> body = new HashMap<>(Map.of("captureId", captureId, "processId", "p", "queueId", "q"));
        if (at != null) {
            body.put("occurredAt", at);
        }
        return ((Number) api.post().uri("/tasks").body(body).retrieve().body(Map.class).get("id")).longValue();
    }

    private static void act(long taskId, String action, String at, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        if (at != null) {
            body.put("occurredAt", at);
        }
        Map<?, ?> result = api.post().uri("/tasks/{id}/{action}", taskId, action).body(body).retrieve()
                .body(Map.class);
        assertThat(result.get("status")).as(action + " of " + taskId + ": " + result).isNotNull();
    }
}
