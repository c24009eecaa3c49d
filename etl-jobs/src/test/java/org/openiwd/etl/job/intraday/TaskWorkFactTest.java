package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.feed.FeedEvent;
import org.openiwd.etl.feed.FeedPage;
import org.openiwd.etl.feed.QuarantinedPayloads;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The work fact, one row per assignment, from tasks replayed through the real API and read two events per page,
 * so assignments are split across pages and runs; and the load of a task already moved to the historical tables.
 */
@TestPropertySource(properties = {"iwd.etl.load.page-size=2", "iwd.etl.load.pages-per-transaction=1"})
class TaskWorkFactTest extends EtlWithApiTest {

    @Autowired
    TenantRegistry registry;
    @Autowired
    TaskEventFactWriter writer;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JsonMapper json;

    @Test
    void eachAssignmentIsOneRowFromItsStartToTheEventThatEndsItWhateverThePagesAndRuns() throws Exception {
        RestClient api = tenantWithProcess("work");
        // A: assigned, held, resumed and completed within one assignment.
        long a = create(api, "A", "08:00");
        act(api, a, "assign", "08:10", Map.of("agentId", "E1"));
        act(api, a, "hold", "08:20", Map.of());
        act(api, a, "resume", "08:30", Map.of());
        act(api, a, "complete", "08:45", Map.of());
        // B: reassigned, transferred to a queue, transferred to an agent, restarted, assigned again, canceled.
        long b = create(api, "B", "08:00");
        act(api, b, "assign", "08:05", Map.of("agentId", "E1"));
        act(api, b, "assign", "08:15", Map.of("agentId", "E2"));
        act(api, b, "transfer", "08:25", Map.of("queueId", "q2"));
        act(api, b, "transfer", "08:30", Map.of("agentId", "E3"));
        act(api, b, "restart", "08:50", Map.of());
        act(api, b, "assign", "09:00", Map.of("agentId", "E1"));
        act(api, b, "cancel", "09:20", Map.of());
        // C: its assignment is still open (held) at the end of the first run.
        long c = create(api, "C", "08:00");
        act(api, c, "assign", "08:10", Map.of("agentId", "E4"));
        act(api, c, "hold", "08:20", Map.of());
        // D: rejected by its agent. E: never assigned.
        long d = create(api, "D", "08:00");
        act(api, d, "assign", "08:30", Map.of("agentId", "E5"));
        act(api, d, "reject", "08:40", Map.of());
        long e = create(api, "E", "08:00");
        act(api, e, "cancel", "08:05", Map.of());

        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, "work").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(assignments("tenant_work")).containsExactly(
                // task, agent, queue, assigned, end event, finished, work s, held s, abandoned
                "A|E1|q1|08:10|Completed|08:45|1500|600|f",
                "B|E1|q1|08:05|Assigned|08:15|600|0|t",
                "B|E2|q1|08:15|Transferred|08:25|600|0|t",
                "B|E3|q2|08:30|Restarted|08:50|1200|0|t",
                "B|E1|q2|09:00|Canceled|09:20|1200|0|t",
                "C|E4|q1|08:10|-|-|600|0|-",
                "D|E5|q1|08:30|Rejected|08:40|600|0|t");

        act(api, c, "resume", "08:40", Map.of());
        act(api, c, "complete", "09:00", Map.of());
        assertThat(jobs.run(JobNames.INTRADAY, "work").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(assignments("tenant_work")).contains("C|E4|q1|08:10|Completed|09:00|1800|1200|f")
                .doesNotContain("C|E4|q1|08:10|-|-|600|0|-").hasSize(7);

        // The whole feed again, from the start: nothing changes, not even an audit key.
        List<String> before = rowsWithAuditKeys("tenant_work");
        jdbc.sql("UPDATE tenant_work.etl_watermark SET last_event_id = 0 WHERE feed = 'task'").update();
        assertThat(jobs.run(JobNames.LOAD_INTRADAY, "work").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rowsWithAuditKeys("tenant_work")).isEqualTo(before);
    }

    @Test
    void aTaskMovedToHistoryGetsNoSecondRowFromAReplayAndANewEventForItIsQuarantined() throws Exception {
        RestClient api = tenantWithProcess("moved");
        long g = create(api, "G", "08:00");
        act(api, g, "assign", "08:10", Map.of("agentId", "E1"));
        act(api, g, "complete", "08:20", Map.of());
        long h = create(api, "H", "08:00");
        act(api, h, "assign", "08:10", Map.of("agentId", "E1"));
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, "moved").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jobs.run(JobNames.NIGHTLY, "moved").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(taskIds("h_task_fact")).containsExactly(g);
        List<String> blended = assignments("tenant_moved");
        long events = count("task_event_fact");

        jdbc.sql("UPDATE tenant_moved.etl_watermark SET last_event_id = 0 WHERE feed = 'task'").update();
        assertThat(jobs.run(JobNames.LOAD_INTRADAY, "moved").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(taskIds("i_task_fact")).containsExactly(h);
        assertThat(taskIds("h_task_fact")).containsExactly(g);
        assertThat(count("i_task_event_fact WHERE task_id = " + g)).isZero();
        assertThat(count("task_event_fact")).isEqualTo(events);
        assertThat(assignments("tenant_moved")).isEqualTo(blended);
        assertThat(count("etl_quarantine")).as("a replayed event is no error").isZero();

        DataMartTenant tenant = registry.find("moved").orElseThrow();
        long after = jdbc.sql("SELECT last_event_id FROM tenant_moved.etl_watermark WHERE feed = 'task'")
                .query(Long.class).single();
        FeedEvent late = new FeedEvent(after + 100, g, "G", 9, "Completed", "Completed",
                Instant.parse("2026-03-02T09:00:00Z"), null, null, "p", null, null, "q1", null, "E1", null, null,
                null, null, null, null, null, null, null, 60, 0, Map.of());
        transactions.executeWithoutResult(status -> writer.write(tenant, after,
                LoadBatch.of(new FeedPage(List.of(late), List.of(), after + 100)), 1));
        assertThat(jdbc.sql("SELECT event_id || ' ' || reason FROM tenant_moved.etl_quarantine")
                .query(String.class).list())
                .containsExactly((after + 100) + " Task " + g + " is final and already moved to the historical"
                        + " tables: an event after its end is refused");
        String payload = jdbc.sql("SELECT raw_payload FROM tenant_moved.etl_quarantine").query(String.class).single();
        assertThat(QuarantinedPayloads.parse(json, List.of(payload)).events())
                .as("the payload is the event as the feed gives it, so a replay parses it again").containsExactly(late);
        assertThat(taskIds("i_task_fact")).containsExactly(h);
        assertThat(count("task_event_fact")).isEqualTo(events);
        assertThat(jdbc.sql("SELECT last_event_id FROM tenant_moved.etl_watermark WHERE feed = 'task'")
                .query(Long.class).single()).as("the watermark moves past it").isEqualTo(after + 100);
    }

    private RestClient tenantWithProcess(String tenant) {
        RestClient api = api(provisionWithImportKey(tenant, "Europe/Paris"));
        api.post().uri("/departments").body(Map.of("id", "d", "name", "D")).retrieve().toBodilessEntity();
        api.post().uri("/processes").body(Map.of("id", "p", "name", "P", "parentId", "d")).retrieve()
                .toBodilessEntity();
        return api;
    }

    private List<String> assignments(String schema) {
        return jdbc.sql("""
                SELECT concat_ws('|', t.capture_id, a.agent_id, q.queue_id,
                    to_char(w.assigned_at AT TIME ZONE 'UTC', 'HH24:MI'), coalesce(et.name, '-'),
                    coalesce(to_char(w.finished_at AT TIME ZONE 'UTC', 'HH24:MI'), '-'), w.work_time_sec,
                    w.held_time_sec, CASE w.abandoned WHEN true THEN 't' WHEN false THEN 'f' ELSE '-' END)
                FROM %1$s.task_work_fact w
                JOIN %1$s.task_fact t ON t.task_id = w.task_id
                JOIN %1$s.agent a ON a.agent_key = w.agent_key
                JOIN %1$s.queue q ON q.queue_key = w.queue_key
                LEFT JOIN %1$s.task_event_type et ON et.task_event_type_key = w.end_task_event_type_key
                ORDER BY t.capture_id, w.assigned_at""".formatted(schema)).query(String.class).list();
    }

    private List<String> rowsWithAuditKeys(String schema) {
        return jdbc.sql("SELECT w::text FROM %s.i_task_work_fact w ORDER BY task_id, start_event_id"
                .formatted(schema)).query(String.class).list();
    }

    private List<Long> taskIds(String table) {
        return jdbc.sql("SELECT task_id FROM tenant_moved." + table + " ORDER BY 1").query(Long.class).list();
    }

    private long count(String tableAndCondition) {
        return jdbc.sql("SELECT count(*) FROM tenant_moved." + tableAndCondition).query(Long.class).single();
    }

    private static long create(RestClient api, String captureId, String time) {
        Map<?, ?> task = api.post().uri("/tasks").body(Map.of("captureId", captureId, "processId", "p",
                "queueId", "q1", "occurredAt", "2026-03-02T" + time + ":00Z")).retrieve().body(Map.class);
        return ((Number) task.get("id")).longValue();
    }

    private static void act(RestClient api, long taskId, String action, String time, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("occurredAt", "2026-03-02T" + time + ":00Z");
        Map<?, ?> result = api.post().uri("/tasks/{id}/{action}", taskId, action).body(body).retrieve()
                .body(Map.class);
        assertThat(result.get("status")).as(action + " of " + taskId + ": " + result).isNotNull();
    }
}
