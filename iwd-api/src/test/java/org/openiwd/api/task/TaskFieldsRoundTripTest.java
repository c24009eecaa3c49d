package org.openiwd.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.web.client.RestClient;

/**
 * Every field of {@code POST /tasks} comes back as given: in the task, in its history and in the reporting feed,
 * where each event carries every field of DESIGN §4.3; a transfer's feed event names the queue and the agent it
 * came from. An import key gives the event times, so that every event is known to the last field.
 */
class TaskFieldsRoundTripTest extends ApiIntegrationTest {

    private static final Map<String, Object> CUSTOMER = Map.of("name", "Ada Lovelace", "email", "ada@example.com");
    private static final Map<String, Object> ATTRIBUTES = Map.of("region", "north", "amount", 12.5, "units", 3,
            "renewal", "2026-04-01T09:30:00+02:00", "birthday", "1980-05-04", "vip", true);

    @Test
    void everyCreateFieldIsInTheTaskItsHistoryAndTheFeed() {
        Fixture f = fixture("round-trip");
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("captureId", "full-1");
        create.put("capturePointId", "crm");
        create.put("solutionId", "sol");
        create.put("departmentId", "dept");
        create.put("processId", "p");
        create.put("categoryId", "cat");
        create.put("queueId", "q-1");
        create.put("mediaType", "email");
        create.put("priority", 7);
        create.put("businessValue", 300);
        create.put("dueAt", "2030-01-02T04:04:05.678+01:00");
        create.put("activationAt", "2026-01-01T02:00:00+02:00");
        create.put("sourceCreatedAt", "2025-12-31T23:00:00Z");
        create.put("subject", "Refund for order 42");
        create.put("description", "Customer asks for a refund.\nSecond line: ünïcödé.");
        create.put("customer", CUSTOMER);
        create.put("attributes", ATTRIBUTES);
        create.put("occurredAt", "2026-03-02T10:00:00+01:00");
        Map<?, ?> created = f.importer.post().uri("/tasks").body(create).retrieve().body(Map.class);
        Object id = created.get("id");

        Map<String, Object> expectedTask = new LinkedHashMap<>();
        expectedTask.put("id", id);
        expectedTask.put("captureId", "full-1");
        expectedTask.put("capturePointId", "crm");
        expectedTask.put("status", "Queued");
        expectedTask.put("heldFromStatus", null);
        expectedTask.put("version", 2);
        expectedTask.put("solutionId", "sol");
        expectedTask.put("departmentId", "dept");
        expectedTask.put("processId", "p");
        expectedTask.put("categoryId", "cat");
        expectedTask.put("queueId", "q-1");
        expectedTask.put("agentId", null);
        expectedTask.put("mediaType", "email");
        expectedTask.put("priority", 7);
        expectedTask.put("businessValue", 300);
        expectedTask.put("dueAt", "2030-01-02T03:04:05.678Z");
        expectedTask.put("activationAt", "2026-01-01T00:00:00Z");
        expectedTask.put("sourceCreatedAt", "2025-12-31T23:00:00Z");
        expectedTask.put("subject", "Refund for order 42");
        expectedTask.put("description", "Customer asks for a refund.\nSecond line: ünïcödé.");
        expectedTask.put("customer", CUSTOMER);
        expectedTask.put("attributes", ATTRIBUTES);
        expectedTask.put("resultCode", null);
        expectedTask.put("reason", null);
        expectedTask.put("createdAt", "2026-03-02T09:00:00Z");
        expectedTask.put("updatedAt", "2026-03-02T09:00:00Z");
        expectedTask.put("lastEventAt", "2026-03-02T09:00:00Z");
        assertThat(created).isEqualTo(expectedTask);
        assertThat(f.tenant.get().uri("/tasks/{id}", id).retrieve().body(Map.class)).isEqualTo(expectedTask);

        Map<String, Object> createdEvent = new LinkedHashMap<>();
        createdEvent.put("taskId", id);
        createdEvent.put("captureId", "full-1");
        createdEvent.put("taskVersion", 1);
        createdEvent.put("type", "Created");
        createdEvent.put("status", "New");
        createdEvent.put("occurredAt", "2026-03-02T09:00:00Z");
        createdEvent.put("solutionId", "sol");
        createdEvent.put("departmentId", "dept");
        createdEvent.put("processId", "p");
        createdEvent.put("categoryId", "cat");
        createdEvent.put("capturePointId", "crm");
        createdEvent.put("queueId", "q-1");
        createdEvent.put("mediaType", "email");
        createdEvent.put("priority", 7);
        createdEvent.put("businessValue", 300);
        createdEvent.put("dueAt", "2030-01-02T03:04:05.678Z");
        createdEvent.put("activationAt", "2026-01-01T00:00:00Z");
        createdEvent.put("sourceCreatedAt", "2025-12-31T23:00:00Z");
        createdEvent.put("attributes", ATTRIBUTES);
        createdEvent.put("workTimeSec", 0);
        createdEvent.put("heldTimeSec", 0);
        Map<String, Object> queuedEvent = new LinkedHashMap<>(createdEvent);
        queuedEvent.put("taskVersion", 2);
        queuedEvent.put("type", "Queued");
        queuedEvent.put("status", "Queued");
        queuedEvent.put("previousQueueId", "q-1");

        List<Map<String, Object>> feed = f.feedOf(id, 2);
        assertThat(withoutId(feed.get(0))).isEqualTo(createdEvent);
        assertThat(withoutId(feed.get(1))).isEqualTo(queuedEvent);
        assertThat(f.history(id)).as("the history has the feed's events, ids included").isEqualTo(feed);
    }

    @Test
    void aTransferShowsTheQueueAndTheAgentItCameFromInTheFeed() {
        Fixture f = fixture("transfers");
        Object id = f.importer.post().uri("/tasks").body(Map.of("captureId", "tr-1", "processId", "p",
                "queueId", "q-1", "occurredAt", "2026-03-02T09:00:00Z")).retrieve().body(Map.class).get("id");
        f.act(id, "transfer", Map.of("queueId", "q-2", "occurredAt", "2026-03-02T09:05:00Z"));
        f.act(id, "assign", Map.of("agentId", "a1", "occurredAt", "2026-03-02T09:06:00Z"));
        f.act(id, "transfer", Map.of("agentId", "a2", "occurredAt", "2026-03-02T09:10:00Z"));
        f.act(id, "complete", Map.of("resultCode", "done", "occurredAt", "2026-03-02T09:12:00Z"));

        List<Map<String, Object>> feed = f.feedOf(id, 6);
        assertThat(feed).extracting(e -> listOf(e.get("type"), e.get("status"), e.get("occurredAt"),
                e.get("queueId"), e.get("previousQueueId"), e.get("agentId"), e.get("previousAgentId"),
                e.get("resultCode"), e.get("workTimeSec")))
                .containsExactly(
                        listOf("Created", "New", "2026-03-02T09:00:00Z", "q-1", null, null, null, null, 0),
                        listOf("Queued", "Queued", "2026-03-02T09:00:00Z", "q-1", "q-1", null, null, null, 0),
                        listOf("Transferred", "Queued", "2026-03-02T09:05:00Z", "q-2", "q-1", null, null, null, 0),
                        listOf("Assigned", "Assigned", "2026-03-02T09:06:00Z", "q-2", "q-2", "a1", null, null, 0),
                        listOf("Transferred", "Assigned", "2026-03-02T09:10:00Z", "q-2", "q-2", "a2", "a1", null,
                                240),
                        listOf("Completed", "Completed", "2026-03-02T09:12:00Z", "q-2", "q-2", "a2", "a2", "done",
                                120));
        assertThat(f.history(id)).isEqualTo(feed);
    }

    private static List<Object> listOf(Object... values) {
        return java.util.Arrays.asList(values);
    }

    private static Map<String, Object> withoutId(Map<String, Object> event) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        assertThat(copy.remove("id")).as("feed position").isInstanceOf(Number.class);
        return copy;
    }

    private Fixture fixture(String tenantId) {
        Map<String, String> keys = provision(tenantId);
        RestClient tenant = client(keys.get("tenant"));
        configureProcesses(tenant, "p");
        String importKey = (String) client(ADMIN_KEY).post().uri("/provisioning/{id}/keys", tenantId)
                .body(Map.of("role", "import")).retrieve().body(Map.class).get("key");
        return new Fixture(tenant, client(importKey));
    }

    private record Fixture(RestClient tenant, RestClient importer) {

        void act(Object id, String action, Map<String, Object> body) {
            assertThat(importer.post().uri("/tasks/{id}/{action}", id, action).body(body).retrieve()
                    .toEntity(Map.class).getStatusCode().value()).isEqualTo(200);
        }

        /** The task's history, without the fields that are null (the feed leaves them out). */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history(Object id) {
            List<Map<String, Object>> events = (List<Map<String, Object>>) tenant.get()
                    .uri("/tasks/{id}/history", id).retrieve().body(Map.class).get("events");
            return events.stream().map(e -> {
                Map<String, Object> present = new LinkedHashMap<>(e);
                present.values().removeIf(java.util.Objects::isNull);
                return present;
            }).toList();
        }

        /** The task's events in the feed, once the sequencer has placed all {@code count} of them. */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> feedOf(Object id, int count) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<Map<String, Object>> mine;
            do {
                List<Map<String, Object>> events = (List<Map<String, Object>>) tenant.get()
                        .uri("/reporting/events?after=0&limit=1000").retrieve().body(Map.class).get("events");
                mine = events.stream().filter(e -> id.equals(e.get("taskId"))).toList();
                if (mine.size() < count) {
                    sleep();
                }
            }
            while (mine.size() < count && System.nanoTime() < deadline);
            assertThat(mine).hasSize(count);
            return mine;
        }

        private static void sleep() {
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
