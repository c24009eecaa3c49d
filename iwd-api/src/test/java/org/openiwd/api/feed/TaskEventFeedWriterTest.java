package org.openiwd.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed's JSON as the Data Mart reads it: every text as stored (quotes, backslashes, control characters, any
 * Unicode), instants as {@code Instant.toString()} writes them, absent fields for nulls, the attributes as stored.
 */
class TaskEventFeedWriterTest extends ApiIntegrationTest {

    @Autowired
    TransactionTemplate transactions;

    static final String AWKWARD = "quote \" back\\slash\ttab\nnew line \u0001 é€😀 </script>";

    @Test
    void servesEveryFieldOfAStoredEventExactly() {
        Map<String, String> keys = provision("feedjson");
        RestClient tenant = client(keys.get("tenant"));
        configureProcesses(tenant, "p");
        Map<?, ?> task = tenant.post().uri("/tasks").body(Map.of("captureId", "c1", "processId", "p", "queueId", "q"))
                .retrieve().body(Map.class);
        long taskId = ((Number) task.get("id")).longValue();
        // Stored at a known position: the event and its position in one transaction, taken off the sequencer's
        // queue before it can see them.
        transactions.executeWithoutResult(status -> {
            long eventId = jdbc.sql("""
                    INSERT INTO task_event (tenant_id, task_id, capture_id, task_version, type, status,
                        occurred_at, queue_id, agent_id, media_type, business_value, due_at, source_created_at,
                        result_code, reason, attributes, work_time_sec, held_time_sec)
                    VALUES ('feedjson', ?, ?, 3, 'Completed', 'Completed', '2026-03-02T09:00:00.12Z', 'q',
                        'a', 'email', 7, '2026-03-02T10:00:00.000123Z', '1999-12-31T23:59:59Z', 'solved', ?,
                        '{"s": "x\\"y", "n": 12.50, "b": true}', 5, 0)
                    RETURNING event_id""")
                    .params(taskId, AWKWARD, AWKWARD).query(Long.class).single();
            jdbc.sql("DELETE FROM task_event_pending WHERE event_id = ?").param(eventId).update();
            jdbc.sql("INSERT INTO task_event_position (tenant_id, feed_id, event_id) VALUES ('feedjson', ?, ?)")
                    .params(900000001L, eventId).update();
        });

        String body = client(keys.get("datamart")).get().uri("/reporting/events?after=900000000&limit=10")
                .retrieve().body(String.class);

        JsonNode page = JsonMapper.builder().build().readTree(body);
        assertThat(page.get("next").asLong()).isEqualTo(900000001L);
        assertThat(page.get("events")).hasSize(1);
        JsonNode e = page.get("events").get(0);
        assertThat(e.get("id").asLong()).isEqualTo(900000001L);
        assertThat(e.get("taskId").asLong()).isEqualTo(taskId);
        assertThat(e.get("captureId").asString()).isEqualTo(AWKWARD);
        assertThat(e.get("reason").asString()).isEqualTo(AWKWARD);
        assertThat(e.get("taskVersion").asInt()).isEqualTo(3);
        assertThat(e.get("type").asString()).isEqualTo("Completed");
        assertThat(e.get("status").asString()).isEqualTo("Completed");
        assertThat(e.get("occurredAt").asString()).isEqualTo("2026-03-02T09:00:00.120Z");
        assertThat(e.get("dueAt").asString()).isEqualTo("2026-03-02T10:00:00.000123Z");
        assertThat(e.get("sourceCreatedAt").asString()).isEqualTo("1999-12-31T23:59:59Z");
        assertThat(e.get("queueId").asString()).isEqualTo("q");
        assertThat(e.get("agentId").asString()).isEqualTo("a");
        assertThat(e.get("mediaType").asString()).isEqualTo("email");
        assertThat(e.get("resultCode").asString()).isEqualTo("solved");
        assertThat(e.get("businessValue").asInt()).isEqualTo(7);
        assertThat(e.get("workTimeSec").asInt()).isEqualTo(5);
        assertThat(e.get("heldTimeSec").asInt()).isZero();
        assertThat(e.get("attributes").get("s").asString()).isEqualTo("x\"y");
        assertThat(e.get("attributes").get("n").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(e.get("attributes").get("b").asBoolean()).isTrue();
        assertThat(e.propertyNames()).as("nulls are left out")
                .doesNotContain("priority", "activationAt", "solutionId", "previousQueueId", "previousAgentId");
    }
}
