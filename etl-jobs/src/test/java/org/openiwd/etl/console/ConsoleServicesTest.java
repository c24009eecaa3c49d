package org.openiwd.etl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.aggregate.ReaggregationRange;
import org.openiwd.etl.console.audit.AuditEntry;
import org.openiwd.etl.console.audit.ConsoleAudit;
import org.openiwd.etl.console.executions.ExecutionConsole;
import org.openiwd.etl.console.executions.ExecutionView;
import org.openiwd.etl.console.executions.Progress;
import org.openiwd.etl.console.jobs.JobRow;
import org.openiwd.etl.console.jobs.JobsOverview;
import org.openiwd.etl.console.repair.RepairConsole;
import org.openiwd.etl.console.schedules.ScheduleConsole;
import org.openiwd.etl.console.tenants.TenantConsole;
import org.openiwd.etl.console.tenants.TenantRow;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.job.intraday.QuarantineReplay;
import org.openiwd.etl.operation.ExecutionFilter;
import org.openiwd.etl.schedule.TenantSchedules;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.openiwd.etl.tenant.TenantSync;
import org.quartz.Trigger;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's services against the real PostgreSQL, the real IWD API and real job runs: the overview's numbers,
 * schedules kept through {@link TenantSchedules}, the quarantined items of a run, progress, the audit of refused
 * and failed actions, the quarantine replay, the reprocessing range and the rebuild from the feed.
 */
@WithMockUser(username = "olga", roles = "OPERATOR")
class ConsoleServicesTest extends EtlWithApiTest {

    @Autowired
    TenantSync sync;
    @Autowired
    TenantRegistry tenants;
    @Autowired
    TenantSchedules schedules;
    @Autowired
    EtlJobRunner runner;
    @Autowired
    JobsOverview overview;
    @Autowired
    ScheduleConsole scheduleConsole;
    @Autowired
    ExecutionConsole executions;
    @Autowired
    TenantConsole tenantConsole;
    @Autowired
    RepairConsole repair;
    @Autowired
    ConsoleAudit audit;
    @Autowired
    QuarantineReplay replay;
    @Autowired
    ReaggregationRange range;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JsonMapper json;

    static RestClient importer;

    @BeforeEach
    void tenantWithThreeEventsLoaded() throws Exception {
        if (importer != null) {
            return;
        }
        importer = api(provisionWithImportKey("svc", "Europe/Paris"));
        long first = task("s1", "2026-03-02T09:00:00Z");
        task("s2", "2026-03-02T09:05:00Z");
        importer.post().uri("/tasks/{id}/complete", first).body(Map.of("occurredAt", "2026-03-02T09:20:00Z"))
                .retrieve().toBodilessEntity();
        awaitFeed(3);
        schedules.reconcile(sync.sync());
        assertThat(runner.run(JobNames.INTRADAY, "svc").getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void theOverviewPutsAFailedJobFirstWithItsDurationsAndNextRun() throws Exception {
        jdbc.sql("ALTER TABLE tenant_svc.i_task_event_fact RENAME TO away").update();
        task("s3", "2026-03-02T10:00:00Z");
        awaitFeed(4);
        JobExecution failed;
        try {
            failed = runner.run(JobNames.LOAD_INTRADAY, "svc");
        }
        finally {
            jdbc.sql("ALTER TABLE tenant_svc.away RENAME TO i_task_event_fact").update();
        }
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);

        List<JobRow> rows = overview.rows().stream().filter(r -> r.tenantId().equals("svc")).toList();
        assertThat(rows.getFirst().job()).isEqualTo(JobNames.LOAD_INTRADAY);
        assertThat(rows.getFirst().failing()).isTrue();
        assertThat(rows.getFirst().recentFailures()).isEqualTo(1);
        JobRow intraday = rows.stream().filter(r -> r.job().equals(JobNames.INTRADAY)).findFirst().orElseThrow();
        assertThat(intraday.lastStatus()).isEqualTo("COMPLETED");
        assertThat(intraday.lastSuccess()).isNotNull();
        assertThat(intraday.lastSeconds()).isPositive();
        assertThat(intraday.averageSeconds()).isPositive();
        assertThat(intraday.cron()).isEqualTo("0 */15 * * * ?");
        assertThat(intraday.nextRun()).isNotNull();

        ExecutionView view = executions.view(failed.getId());
        assertThat(view.detail().exitMessage()).contains("i_task_event_fact");
        Progress progress = executions.progress(failed.getId(), null);
        assertThat(progress.summary().status()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void aPausedOrRescheduledScheduleIsKeptInTheDatabaseAndTheTrigger() throws Exception {
        scheduleConsole.pause("svc", JobNames.NIGHTLY);
        assertThat(schedules.triggerState("svc", JobNames.NIGHTLY)).isEqualTo(Trigger.TriggerState.PAUSED);
        // What a restart or another replica does: reconcile from the table; the pause holds.
        schedules.reconcile(tenants.active());
        assertThat(schedules.triggerState("svc", JobNames.NIGHTLY)).isEqualTo(Trigger.TriggerState.PAUSED);
        assertThat(scheduleConsole.row("svc", JobNames.NIGHTLY).enabled()).isFalse();

        var changed = scheduleConsole.changeCron("svc", JobNames.NIGHTLY, "0 45 2 * * ?");
        assertThat(changed.cron()).isEqualTo("0 45 2 * * ?");
        assertThat(schedules.trigger("svc", JobNames.NIGHTLY).getCronExpression()).isEqualTo("0 45 2 * * ?");
        assertThat(schedules.triggerState("svc", JobNames.NIGHTLY)).as("still paused after a new cron")
                .isEqualTo(Trigger.TriggerState.PAUSED);
        scheduleConsole.resume("svc", JobNames.NIGHTLY);
        assertThat(schedules.triggerState("svc", JobNames.NIGHTLY)).isEqualTo(Trigger.TriggerState.NORMAL);
        assertThat(scheduleConsole.preview("svc", "0 45 2 * * ?")).hasSize(ScheduleConsole.PREVIEW_RUNS)
                .allSatisfy(run -> {
                    assertThat(run.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
                    assertThat(run.getHour()).isEqualTo(2);
                });

        assertThatThrownBy(() -> scheduleConsole.changeCron("svc", JobNames.NIGHTLY, "0 * * * * ?"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than 3 minutes");
        assertThat(schedules.trigger("svc", JobNames.NIGHTLY).getCronExpression()).isEqualTo("0 45 2 * * ?");
        List<AuditEntry> log = audit.list("olga", null, 0, 10);
        assertThat(log.getFirst().action()).isEqualTo("schedule.cron");
        assertThat(log.getFirst().outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
        assertThat(log).extracting(AuditEntry::action).contains("schedule.pause", "schedule.resume");
    }

    @Test
    void aReplayedQuarantineLoadsWhatNowParsesAndKeepsWhatFailsAgainWithItsNewReason() throws Exception {
        DataMartTenant tenant = tenants.find("svc").orElseThrow();
        JsonNode event = firstFeedEvent();
        long eventId = event.get("id").asLong();
        long audit = jdbc.sql("SELECT max(etl_audit_key) FROM tenant_svc.etl_audit").query(Long.class).single();
        long before = count("SELECT count(*) FROM tenant_svc.i_task_event_fact");
        jdbc.sql("DELETE FROM tenant_svc.i_task_event_fact WHERE event_id = ?").param(eventId).update();
        jdbc.sql("""
                INSERT INTO tenant_svc.etl_quarantine (feed, event_id, raw_payload, reason, etl_audit_key)
                VALUES ('task', ?, ?, 'a parser bug, since fixed', ?), ('task', 999999, ?, 'was broken', ?)""")
                .params(eventId, json.writeValueAsString(event), audit, "{\"id\":999999,\"taskId\":5}", audit)
                .update();

        QuarantineReplay.Result result = repair.replay("svc");

        assertThat(result.replayed()).isEqualTo(1);
        assertThat(result.stillQuarantined()).isEqualTo(1);
        assertThat(result.remaining()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM tenant_svc.i_task_event_fact")).isEqualTo(before);
        String reason = jdbc.sql("SELECT reason FROM tenant_svc.etl_quarantine WHERE event_id = 999999")
                .query(String.class).single();
        assertThat(reason).isNotEqualTo("was broken");
        assertThat(tenantConsole.row("svc").quarantined()).isEqualTo(1);
        assertThat(tenantConsole.quarantine("svc", 10)).singleElement()
                .satisfies(q -> assertThat(q.eventId()).isEqualTo(999999L));
        assertThat(this.audit.list(null, "quarantine.replay", 0, 1).getFirst().details())
                .contains("1 replayed, 1 failed again");
        assertThat(tenant.schema()).isEqualTo("tenant_svc");
    }

    @Test
    void theQuarantinedItemsOfARunAreThoseItsAuditRowKept() throws Exception {
        long execution = executions.list(ExecutionFilter.all().withTenant("svc").withJob(JobNames.INTRADAY), 0, 1)
                .items().getFirst().id();
        long runAudit = jdbc.sql("SELECT etl_audit_key FROM tenant_svc.etl_audit WHERE job_execution_id = ?")
                .param(execution).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO tenant_svc.etl_quarantine (feed, event_id, raw_payload, reason, etl_audit_key)
                VALUES ('task', 424242, '{"id":424242}', 'occurredAt is missing', ?)""").param(runAudit).update();
        try {
            ExecutionView view = executions.view(execution);
            assertThat(view.quarantined()).extracting(q -> q.eventId()).contains(424242L);
            assertThat(view.quarantinedTotal()).isEqualTo(view.quarantined().size());
        }
        finally {
            jdbc.sql("DELETE FROM tenant_svc.etl_quarantine WHERE event_id = 424242").update();
        }
    }

    @Test
    void tenantsShowWatermarkLagAndSize() {
        TenantRow row = tenantConsole.row("svc");
        assertThat(row.taskWatermark()).isPositive();
        assertThat(row.lastEventAt()).isNotNull();
        assertThat(row.lagSeconds()).isPositive();
        assertThat(row.sizeBytes()).isGreaterThan(100_000L);
        assertThat(row.error()).isNull();
    }

    @Test
    void aReprocessedRangeMarksEveryQuarterHourOfItsLocalDaysDstIncluded() {
        DataMartTenant tenant = tenants.find("svc").orElseThrow();
        jdbc.sql("DELETE FROM tenant_svc.etl_touched_interval").update();
        // 2026-03-29 is the spring-forward day in Paris: 23 hours, 92 quarter-hours.
        int marked = new TransactionTemplate(transactions).execute(s -> range.mark(tenant,
                LocalDate.of(2026, 3, 28), LocalDate.of(2026, 3, 29)));
        assertThat(marked).isEqualTo(96 + 92);
        assertThatThrownBy(() -> range.mark(tenant, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        jdbc.sql("DELETE FROM tenant_svc.etl_touched_interval").update();
    }

    @Test
    void reprocessingRecomputesTheRangesAggregatesFromTheFacts() throws Exception {
        String sums = "SELECT coalesce(sum(created), 0) || '/' || coalesce(sum(completed), 0) FROM tenant_svc.%s";
        String expected = jdbc.sql(sums.formatted("h_task_classif_fact_15min")).query(String.class).single();
        jdbc.sql("UPDATE tenant_svc.h_task_classif_fact_15min SET created = created + 100").update();

        RepairConsole.Reprocess started = repair.reprocess("svc", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2));

        assertThat(started.intervalsMarked()).isEqualTo(96);
        assertThat(started.withDays()).isTrue();
        awaitAudit("reprocess.done");
        assertThat(audit.list(null, "reprocess.done", 0, 1).getFirst().outcome()).isEqualTo(AuditEntry.Outcome.OK);
        // aggregateIntraday rewrote the day's 15-minute rows from the facts, then nightly its day rows from those
        // (and purged the 15-minute rows: the day is older than their 62-day retention).
        assertThat(jdbc.sql(sums.formatted("h_task_classif_fact_day")).query(String.class).single())
                .isEqualTo(expected);
    }

    @Test
    void anActionTheStateRefusesIsAuditedAsRefusedAndAnUnknownTenantToo() {
        long completed = executions.list(ExecutionFilter.all().withTenant("svc").withStatus(BatchStatus.COMPLETED),
                0, 1).items().getFirst().id();
        assertThatThrownBy(() -> executions.abandon(completed)).isNotNull();
        assertThatThrownBy(() -> executions.launch(JobNames.INTRADAY, "nobody", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        List<AuditEntry> log = audit.list("olga", null, 0, 2);
        assertThat(log).extracting(AuditEntry::action).containsExactly("launch", "abandon");
        assertThat(log).extracting(AuditEntry::outcome).containsOnly(AuditEntry.Outcome.REFUSED);
    }

    @Test
    void onlyAnAdminRebuildsAndOnlyWithTheTenantIdTyped() {
        assertThatThrownBy(() -> repair.rebuild("svc", "svc")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    @WithMockUser(username = "ada", roles = "ADMIN")
    void aRebuildDropsTheDataMartAndLoadsItAgainFromTheFeed() throws Exception {
        assertThatThrownBy(() -> repair.rebuild("svc", "sv")).isInstanceOf(ActionRefusedException.class);
        long events = feedSize();
        jdbc.sql("INSERT INTO tenant_svc.etl_quarantine (feed, event_id, raw_payload, reason, etl_audit_key)"
                + " VALUES ('task', 1, '{}', 'left over', 1)").update();

        repair.rebuild("svc", "svc");
        awaitAudit("rebuild.done");

        assertThat(audit.list("ada", "rebuild.done", 0, 1).getFirst().outcome()).isEqualTo(AuditEntry.Outcome.OK);
        assertThat(count("SELECT count(*) FROM tenant_svc.task_event_fact")).isEqualTo(events);
        assertThat(count("SELECT count(*) FROM tenant_svc.etl_quarantine")).as("a new schema").isZero();
        assertThat(count("SELECT count(*) FROM etl.tenant_lock WHERE tenant_id = 'svc'")).as("lock released")
                .isZero();
    }

    private void awaitAudit(String action) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (audit.list(null, action, 0, 1).isEmpty()) {
            assertThat(System.nanoTime()).as(action + " to be audited").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static long feedSize() {
        return ((List<?>) importer.get().uri("/reporting/events?after=0&limit=1000").retrieve().body(Map.class)
                .get("events")).size();
    }

    private JsonNode firstFeedEvent() {
        String page = importer.get().uri("/reporting/events?after=0&limit=10").retrieve().body(String.class);
        return json.readTree(page).get("events").get(0);
    }

    private static long task(String captureId, String at) {
        return ((Number) importer.post().uri("/tasks").body(Map.of("captureId", captureId, "occurredAt", at))
                .retrieve().body(Map.class).get("id")).longValue();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static void awaitFeed(int events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Object list = importer.get().uri("/reporting/events?after=0&limit=1000").retrieve().body(Map.class)
                    .get("events");
            if (list instanceof List<?> items && items.size() >= events) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the feed did not position " + events + " events");
    }
}
