package org.openiwd.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Event times: only an import key gives {@code occurredAt}, on a create, every action and a PATCH; never in the
 * future, never before 2000, never before the task's previous event; and the work and held seconds each event
 * accrues from them, in every state that accrues them.
 */
class EventTimeTest extends ApiIntegrationTest {

    RestClient tenant;
    RestClient importer;

    @BeforeEach
    void tenant() {
        String tenantId = "times-" + System.nanoTime() % 1_000_000;
        tenant = client(provision(tenantId).get("tenant"));
        configureProcesses(tenant, "p");
        importer = client((String) client(ADMIN_KEY).post().uri("/provisioning/{id}/keys", tenantId)
                .body(Map.of("role", "import")).retrieve().body(Map.class).get("key"));
    }

    @Test
    void anOccurredAtBeforeTheYear2000IsRefusedNamingTheField() {
        ResponseEntity<Map> create = importer.post().uri("/tasks")
                .body(Map.of("captureId", "old", "processId", "p", "occurredAt", "1900-01-01T00:00:00Z"))
                .retrieve().toEntity(Map.class);
        assertTooEarly(create);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE capture_id = 'old'").query(Long.class).single())
                .isZero();

        Object id = create(importer, "first", "2000-01-01T00:00:00Z");
        assertTooEarly(act(importer, id, "assign", Map.of("agentId", "a", "occurredAt", "1999-12-31T23:59:59Z")));
        assertTooEarly(patch(importer, id, Map.of("priority", 1, "occurredAt", "1999-12-31T23:59:59Z")));
        assertThat(types(id)).containsExactly("Created", "Queued");
    }

    @Test
    void workFromTheEarliestEventTimeToNowIsAccruedInFull() {
        Object id = create(importer, "long", "2000-01-01T00:00:00Z");
        act(importer, id, "assign", Map.of("agentId", "a", "occurredAt", "2000-01-01T00:00:00Z"));
        long before = Duration.between(Instant.parse("2000-01-01T00:00:00Z"), Instant.now()).toSeconds();
        ResponseEntity<Map> completed = act(tenant, id, "complete", Map.of());
        long after = Duration.between(Instant.parse("2000-01-01T00:00:00Z"), Instant.now()).toSeconds();
        assertThat(completed.getStatusCode().value()).isEqualTo(200);
        assertThat(((Number) history(id).getLast().get("workTimeSec")).longValue()).isBetween(before, after);
    }

    /** A task whose previous event predates the rule (stored before it): the interval saturates, never a 500. */
    @Test
    void secondsBeyondTheColumnsRangeSaturateInsteadOfFailingTheChange() {
        Object id = create(importer, "legacy", "2000-01-01T00:00:00Z");
        act(importer, id, "assign", Map.of("agentId", "a", "occurredAt", "2000-01-01T00:00:00Z"));
        jdbc.sql("UPDATE task SET last_event_at = '1900-01-01T00:00:00Z' WHERE task_id = ?")
                .param(((Number) id).longValue()).update();
        ResponseEntity<Map> completed = act(tenant, id, "complete", Map.of());
        assertThat(completed.getStatusCode().value()).isEqualTo(200);
        assertThat(history(id).getLast()).containsEntry("type", "Completed")
                .containsEntry("workTimeSec", Integer.MAX_VALUE).containsEntry("heldTimeSec", 0);
    }

    @Test
    void aTenantKeyMayNotBackdateAnActionOrAPatch() {
        Object id = create(importer, "tk", "2026-03-02T09:00:00Z");
        ResponseEntity<Map> action = act(tenant, id, "assign",
                Map.of("agentId", "a", "occurredAt", "2026-03-02T09:05:00Z"));
        assertThat(action.getStatusCode().value()).isEqualTo(403);
        assertThat(action.getBody()).containsEntry("type", "urn:iwd:problem:forbidden");
        ResponseEntity<Map> patch = patch(tenant, id, Map.of("priority", 3, "occurredAt", "2026-03-02T09:05:00Z"));
        assertThat(patch.getStatusCode().value()).isEqualTo(403);
        assertThat(patch.getBody()).containsEntry("type", "urn:iwd:problem:forbidden");
        assertThat(types(id)).containsExactly("Created", "Queued");
    }

    @Test
    void anOccurredAtInTheFutureIsRefused() {
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        assertInFuture(importer.post().uri("/tasks")
                .body(Map.of("captureId", "future", "occurredAt", future)).retrieve().toEntity(Map.class));
        Object id = create(importer, "now", "2026-03-02T09:00:00Z");
        assertInFuture(act(importer, id, "cancel", Map.of("occurredAt", future)));
        assertInFuture(patch(importer, id, Map.of("priority", 3, "occurredAt", future)));
        assertThat(types(id)).containsExactly("Created", "Queued");
    }

    @Test
    void anImportKeyDatesTransferCancelRejectRestartAndPatch() {
        Object a = create(importer, "a", "2026-03-02T09:00:00Z");
        act(importer, a, "transfer", Map.of("queueId", "q-2", "occurredAt", "2026-03-02T09:01:00Z"));
        patch(importer, a, Map.of("priority", 4, "occurredAt", "2026-03-02T09:02:00+00:00"));
        act(importer, a, "restart", Map.of("occurredAt", "2026-03-02T10:03:00+01:00"));
        act(importer, a, "reject", Map.of("reason", "spam", "occurredAt", "2026-03-02T09:04:00Z"));
        Object b = create(importer, "b", "2026-03-02T09:00:00Z");
        act(importer, b, "cancel", Map.of("reason", "duplicate", "occurredAt", "2026-03-02T09:05:00Z"));

        assertThat(history(a)).extracting(e -> List.of(e.get("type"), e.get("occurredAt"))).containsExactly(
                List.of("Created", "2026-03-02T09:00:00Z"), List.of("Queued", "2026-03-02T09:00:00Z"),
                List.of("Transferred", "2026-03-02T09:01:00Z"), List.of("Updated", "2026-03-02T09:02:00Z"),
                List.of("Restarted", "2026-03-02T09:03:00Z"), List.of("Queued", "2026-03-02T09:03:00Z"),
                List.of("Rejected", "2026-03-02T09:04:00Z"));
        assertThat(history(b)).extracting(e -> List.of(e.get("type"), e.get("occurredAt"))).containsExactly(
                List.of("Created", "2026-03-02T09:00:00Z"), List.of("Queued", "2026-03-02T09:00:00Z"),
                List.of("Canceled", "2026-03-02T09:05:00Z"));
    }

    @Test
    void anImportKeyCannotGoBackBeforeTheTasksPreviousEvent() {
        Object id = create(importer, "back", "2026-03-02T10:00:00Z");
        String earlier = "2026-03-02T09:59:59Z";
        for (ResponseEntity<Map> refused : List.of(
                act(importer, id, "transfer", Map.of("queueId", "q-2", "occurredAt", earlier)),
                act(importer, id, "restart", Map.of("occurredAt", earlier)),
                act(importer, id, "cancel", Map.of("occurredAt", earlier)),
                act(importer, id, "reject", Map.of("occurredAt", earlier)),
                patch(importer, id, Map.of("priority", 2, "occurredAt", earlier)))) {
            assertThat(refused.getStatusCode().value()).isEqualTo(409);
            assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:time-goes-backwards");
        }
        assertThat(types(id)).containsExactly("Created", "Queued");
        assertThat(patch(importer, id, Map.of("priority", 2, "occurredAt", "2026-03-02T10:00:00Z"))
                .getStatusCode().value()).as("the same time is not going back").isEqualTo(200);
    }

    /**
     * Work time accrues while Assigned, held time while Held or ErrorHeld, on every event that closes such an
     * interval: an action, a PATCH ({@code Updated}) and a restart ({@code Restarted}); the classification that
     * follows a resume or a restart at the same time accrues nothing.
     */
    @Test
    void updatedRestartedAndResumedEventsAccrueWorkAndHeldTimeFromErrorHeldHeldAndAssigned() {
        Object id = importer.post().uri("/tasks").body(Map.of("captureId", "acc", "processId", "ghost",
                "occurredAt", "2026-03-02T09:00:00Z")).retrieve().body(Map.class).get("id");
        patch(importer, id, Map.of("priority", 1, "occurredAt", "2026-03-02T09:01:00Z"));
        configureProcesses(tenant, "ghost");
        act(importer, id, "resume", Map.of("occurredAt", "2026-03-02T09:03:00Z"));
        act(importer, id, "assign", Map.of("agentId", "a1", "occurredAt", "2026-03-02T09:04:00Z"));
        patch(importer, id, Map.of("priority", 2, "occurredAt", "2026-03-02T09:06:00Z"));
        act(importer, id, "restart", Map.of("occurredAt", "2026-03-02T09:07:00Z"));
        act(importer, id, "hold", Map.of("reason", "wait", "occurredAt", "2026-03-02T09:08:00Z"));
        patch(importer, id, Map.of("priority", 3, "occurredAt", "2026-03-02T09:10:00Z"));
        act(importer, id, "restart", Map.of("occurredAt", "2026-03-02T09:15:00Z"));

        assertThat(history(id)).extracting(e -> List.of(e.get("type"), e.get("workTimeSec"), e.get("heldTimeSec")))
                .containsExactly(
                        List.of("Created", 0, 0),
                        List.of("ErrorHeld", 0, 0),
                        List.of("Updated", 0, 60),
                        List.of("Resumed", 0, 120),
                        List.of("Queued", 0, 0),
                        List.of("Assigned", 0, 0),
                        List.of("Updated", 120, 0),
                        List.of("Restarted", 60, 0),
                        List.of("Queued", 0, 0),
                        List.of("Held", 0, 0),
                        List.of("Updated", 0, 120),
                        List.of("Restarted", 0, 300),
                        List.of("Queued", 0, 0));
    }

    private static void assertTooEarly(ResponseEntity<Map> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).containsEntry("type", "urn:iwd:problem:occurred-too-early")
                .containsEntry("field", "occurredAt");
    }

    private static void assertInFuture(ResponseEntity<Map> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).containsEntry("type", "urn:iwd:problem:occurred-in-future")
                .containsEntry("field", "occurredAt");
    }

    private static Object create(RestClient client, String captureId, String occurredAt) {
        ResponseEntity<Map> created = client.post().uri("/tasks")
                .body(Map.of("captureId", captureId, "processId", "p", "occurredAt", occurredAt))
                .retrieve().toEntity(Map.class);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        return created.getBody().get("id");
    }

    private static ResponseEntity<Map> act(RestClient client, Object id, String action, Map<String, Object> body) {
        return client.post().uri("/tasks/{id}/{action}", id, action).body(body).retrieve().toEntity(Map.class);
    }

    private static ResponseEntity<Map> patch(RestClient client, Object id, Map<String, Object> body) {
        return client.patch().uri("/tasks/{id}", id).body(body).retrieve().toEntity(Map.class);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> history(Object id) {
        return (List<Map<String, Object>>) tenant.get().uri("/tasks/{id}/history", id).retrieve().body(Map.class)
                .get("events");
    }

    private List<Object> types(Object id) {
        return history(id).stream().map(e -> e.get("type")).toList();
    }
}
