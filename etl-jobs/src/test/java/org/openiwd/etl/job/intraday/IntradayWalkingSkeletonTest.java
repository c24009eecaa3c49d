package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openiwd.etl.ImportedTasks.departmentWithProcesses;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.web.client.RestClient;

/**
 * The walking skeleton end to end: tasks replayed through the real API on a known day, the feed read over HTTP by
 * the intraday job, and the exact 15-minute classification counts in the report view.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntradayWalkingSkeletonTest extends EtlWithApiTest {

    static final String TENANT = "skel";

    static RestClient importer;

    @Test
    @Order(1)
    void intradayTurnsReplayedTasksIntoExactQuarterHourCounts() throws Exception {
        importer = api(provisionWithImportKey(TENANT, "Europe/Paris"));
        departmentWithProcesses(importer, "d", "p1", "p2");
        // A: in due; B: no due date, assigned exactly on the 09:15 boundary; C: another process, canceled;
        // D: unclassified, stays New; E: completed after its due time.
        long a = create("A", "p1", "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z");
        long b = create("B", "p1", "2026-03-02T09:14:59Z", null);
        long c = create("C", "p2", "2026-03-02T09:05:00Z", null);
        create("D", null, "2026-03-02T09:10:00Z", null);
        long e = create("E", "p1", "2026-03-02T09:01:00Z", "2026-03-02T09:25:00Z");
        act(a, "complete", "2026-03-02T09:20:00Z", Map.of("resultCode", "solved"));
        act(b, "assign", "2026-03-02T09:15:00Z", Map.of("agentId", "E1001"));
        act(b, "complete", "2026-03-02T09:29:59Z", Map.of());
        act(c, "cancel", "2026-03-02T09:40:00Z", Map.of("reason", "duplicate"));
        act(e, "complete", "2026-03-02T09:50:00Z", Map.of());

        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(report()).containsExactly(
                // interval (UTC), local time, process, created, queued, assigned, completed, canceled, in due,
                // overdue, seconds to complete
                "2026-03-02 09:00 10:00 - 1 0 0 0 0 0 0 0",
                "2026-03-02 09:00 10:00 p1 3 3 0 0 0 0 0 0",
                "2026-03-02 09:00 10:00 p2 1 1 0 0 0 0 0 0",
                "2026-03-02 09:15 10:15 p1 0 0 1 2 0 1 0 2100",
                "2026-03-02 09:30 10:30 p2 0 0 0 0 1 0 0 0",
                "2026-03-02 09:45 10:45 p1 0 0 0 1 0 0 1 2940");
        assertThat(count("i_task_event_fact")).isEqualTo(14);
        assertThat(jdbc.sql("SELECT s.name FROM tenant_skel.i_task_fact f JOIN tenant_skel.status s "
                + "USING (status_key) ORDER BY f.task_id").query(String.class).list())
                .containsExactly("Completed", "Completed", "Canceled", "New", "Completed");
        assertThat(jdbc.sql("SELECT last_event_id FROM tenant_skel.etl_watermark WHERE feed = 'task'")
                .query(Long.class).single()).isEqualTo(head());
        assertThat(count("etl_touched_interval")).isZero();
    }

    @Test
    @Order(2)
    void aSecondRunWithNothingNewChangesNothing() throws Exception {
        List<String> before = report();
        String auditsBefore = jdbc.sql("SELECT string_agg(updated_etl_audit_key::text, ',' ORDER BY date_time_key,"
                + " process_key) FROM tenant_skel.h_task_classif_fact_15min").query(String.class).single();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(report()).isEqualTo(before);
        assertThat(count("i_task_event_fact")).isEqualTo(14);
        assertThat(jdbc.sql("SELECT string_agg(updated_etl_audit_key::text, ',' ORDER BY date_time_key,"
                + " process_key) FROM tenant_skel.h_task_classif_fact_15min").query(String.class).single())
                .isEqualTo(auditsBefore);
    }

    @Test
    @Order(3)
    void aLateEventReaggregatesItsAlreadyAggregatedInterval() throws Exception {
        create("F", "p1", "2026-03-02T09:02:00Z", null);
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(report()).contains("2026-03-02 09:00 10:00 p1 4 4 0 0 0 0 0 0");
        assertThat(count("i_task_event_fact")).isEqualTo(16);
    }

    private List<String> report() {
        return jdbc.sql("""
                SELECT to_char(interval_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' '
                    || to_char(local_time, 'HH24:MI') || ' ' || coalesce(nullif(process_id, ''), '-') || ' '
                    || concat_ws(' ', created, queued, assigned, completed, canceled, completed_in_due,
                                 completed_overdue, sum_time_to_complete_sec)
                FROM tenant_skel.iwd_agg_task_classif_fact_15min
                ORDER BY interval_start, process_id""")
                .query(String.class).list();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM tenant_skel." + table).query(Long.class).single();
    }

    private long head() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long head;
        do {
            head = ((Number) importer.get().uri("/reporting/events/head").retrieve().body(Map.class).get("id"))
                    .longValue();
        }
        while (head == 0 && System.nanoTime() < deadline);
        return head;
    }

    private static long create(String captureId, String processId, String at, String dueAt) {
        Map<String, Object> body = new HashMap<>(Map.of("captureId", captureId, "capturePointId", "crm",
                "occurredAt", at));
        if (processId != null) {
            body.put("processId", processId);
        }
        if (dueAt != null) {
            body.put("dueAt", dueAt);
        }
        Map<?, ?> task = importer.post().uri("/tasks").body(body).retrieve().body(Map.class);
        return ((Number) task.get("id")).longValue();
    }

    private static void act(long taskId, String action, String at, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("occurredAt", at);
        Map<?, ?> result = importer.post().uri("/tasks/{id}/{action}", taskId, action).body(body).retrieve()
                .body(Map.class);
        assertThat(result.get("status")).as(action + " of " + taskId).isNotNull();
    }
}
