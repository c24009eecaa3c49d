package org.openiwd.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

class TaskApiTest extends ApiIntegrationTest {

    String tenantId;
    Map<String, String> keys;
    RestClient tenant;

    @BeforeEach
    void tenant() {
        tenantId = "acme-" + System.nanoTime() % 1_000_000;
        keys = provision(tenantId);
        tenant = client(keys.get("tenant"));
        configureProcesses(tenant, "p");
    }

    @Test
    void aClassifiedTaskIsCreatedThenQueuedWithOneEventEach() {
        ResponseEntity<Map> created = create(Map.of("captureId", "q1", "capturePointId", "crm", "processId", "p"));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getBody()).containsEntry("status", "Queued").containsEntry("version", 2);
        assertThat(created.getHeaders().getETag()).isEqualTo("\"2\"");
        assertThat(types(created)).containsExactly("Created", "Queued");
    }

    @Test
    void aTaskClassifiedAtCreationHasACreatedEventShowingItNewThenItsClassificationEvent() {
        ResponseEntity<Map> queued = create(Map.of("captureId", "cq", "processId", "p", "queueId", "q1",
                "priority", 3, "attributes", Map.of("vip", true)));
        ResponseEntity<Map> held = create(Map.of("captureId", "ch", "processId", "ghost", "queueId", "q1"));
        assertThat(queued.getBody()).as("the answer is the task as stored")
                .isEqualTo(tenant.get().uri("/tasks/{id}", queued.getBody().get("id")).retrieve().body(Map.class));

        String columns = """
                SELECT e.task_version, e.type, e.status, e.queue_id, e.previous_queue_id, e.agent_id,
                    e.previous_agent_id, e.process_id, e.priority, e.attributes::text AS attributes, e.reason,
                    e.occurred_at = t.created_at AS at_creation, e.work_time_sec, e.held_time_sec
                FROM task_event e JOIN task t USING (task_id) WHERE task_id = ? ORDER BY e.event_id""";
        assertThat(jdbc.sql(columns).param(((Number) queued.getBody().get("id")).longValue()).query().listOfRows())
                .extracting(r -> List.of(r.get("task_version"), r.get("type"), r.get("status"),
                        String.valueOf(r.get("queue_id")), String.valueOf(r.get("previous_queue_id")),
                        String.valueOf(r.get("agent_id")), String.valueOf(r.get("previous_agent_id")),
                        r.get("process_id"), r.get("priority"), r.get("attributes"), String.valueOf(r.get("reason")),
                        r.get("at_creation"), r.get("work_time_sec"), r.get("held_time_sec")))
                .containsExactly(
                        List.of(1, "Created", "New", "q1", "null", "null", "null", "p", 3, "{\"vip\": true}", "null",
                                true, 0, 0),
                        List.of(2, "Queued", "Queued", "q1", "q1", "null", "null", "p", 3, "{\"vip\": true}", "null",
                                true, 0, 0));
        assertThat(jdbc.sql(columns).param(((Number) held.getBody().get("id")).longValue()).query().listOfRows())
                .extracting(r -> List.of(r.get("task_version"), r.get("type"), r.get("status"),
                        String.valueOf(r.get("previous_queue_id")), String.valueOf(r.get("reason"))))
                .containsExactly(List.of(1, "Created", "New", "null", "null"),
                        List.of(2, "ErrorHeld", "ErrorHeld", "q1", "Process ghost is unknown or retired."));
    }

    @Test
    void aTaskOfAnUnknownOrRetiredProcessIsErrorHeldUntilItsProcessExists() {
        ResponseEntity<Map> unknown = create(Map.of("captureId", "eh", "processId", "ghost"));
        assertThat(unknown.getBody()).containsEntry("status", "ErrorHeld")
                .containsEntry("reason", "Process ghost is unknown or retired.");
        assertThat(types(unknown)).containsExactly("Created", "ErrorHeld");
        configureProcesses(tenant, "ghost");
        Object id = unknown.getBody().get("id");
        assertThat(act(tenant, id, "resume", Map.of()).getBody()).containsEntry("status", "Queued");
        assertThat(types(id)).containsExactly("Created", "ErrorHeld", "Resumed", "Queued");

        tenant.delete().uri("/processes/ghost").retrieve().toBodilessEntity();
        assertThat(create(Map.of("captureId", "eh2", "processId", "ghost")).getBody())
                .containsEntry("status", "ErrorHeld");
    }

    @Test
    void patchChangesDetailsWithOneUpdatedEventAndHonoursIfMatch() {
        ResponseEntity<Map> created = create(Map.of("captureId", "pt", "processId", "p", "priority", 1,
                "attributes", Map.of("region", "north", "amount", 10)));
        Object id = created.getBody().get("id");
        ResponseEntity<Map> patched = tenant.patch().uri("/tasks/{id}", id).header("If-Match", "\"2\"")
                .body(Map.of("priority", 7, "attributes", java.util.Collections.singletonMap("region", null)))
                .retrieve().toEntity(Map.class);
        assertThat(patched.getStatusCode().value()).isEqualTo(200);
        assertThat(patched.getBody()).containsEntry("priority", 7).containsEntry("version", 3)
                .containsEntry("attributes", Map.of("amount", 10));
        ResponseEntity<Map> stale = tenant.patch().uri("/tasks/{id}", id).header("If-Match", "\"2\"")
                .body(Map.of("priority", 1)).retrieve().toEntity(Map.class);
        assertThat(stale.getStatusCode().value()).isEqualTo(412);
        assertThat(stale.getBody()).containsEntry("type", "urn:iwd:problem:version-mismatch");
        assertThat(types(id)).containsExactly("Created", "Queued", "Updated");
        act(tenant, id, "complete", Map.of());
        ResponseEntity<Map> finalPatch = tenant.patch().uri("/tasks/{id}", id).body(Map.of("priority", 2))
                .retrieve().toEntity(Map.class);
        assertThat(finalPatch.getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void attributesAreBoundedAndFlat() {
        ResponseEntity<Map> nested = create(Map.of("captureId", "at1", "attributes", Map.of("a", Map.of("b", 1))));
        assertThat(nested.getStatusCode().value()).isEqualTo(400);
        assertThat(nested.getBody()).containsEntry("type", "urn:iwd:problem:invalid-attributes");
        ResponseEntity<Map> badName = create(Map.of("captureId", "at2", "attributes", Map.of("no spaces", 1)));
        assertThat(badName.getStatusCode().value()).isEqualTo(400);
        ResponseEntity<Map> tooLong = create(Map.of("captureId", "at3", "attributes", Map.of("a", "x".repeat(1001))));
        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void aTaskIsQueuedWhenItsActivationTimeArrives() throws InterruptedException {
        String later = java.time.Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        ResponseEntity<Map> created = create(Map.of("captureId", "act", "processId", "p", "activationAt", later));
        assertThat(created.getBody()).containsEntry("status", "New");
        Object id = created.getBody().get("id");
        long deadline = System.nanoTime() + 10_000_000_000L;
        Object status;
        do {
            Thread.sleep(100);
            status = tenant.get().uri("/tasks/{id}", id).retrieve().body(Map.class).get("status");
        }
        while (!"Queued".equals(status) && System.nanoTime() < deadline);
        assertThat(status).isEqualTo("Queued");
        List<Map<String, Object>> history = history(id);
        assertThat(history).extracting(e -> e.get("type")).containsExactly("Created", "Queued");
        assertThat(history.getLast().get("occurredAt")).as("queued at its activation time").isEqualTo(later);
    }

    @Test
    void anUnclassifiedTaskStaysNew() {
        ResponseEntity<Map> created = create(Map.of("captureId", "n1"));
        assertThat(created.getBody()).containsEntry("status", "New");
        assertThat(types(created)).containsExactly("Created");
    }

    @Test
    void aRepeatedCaptureIdReturnsTheExistingTask() {
        ResponseEntity<Map> first = create(Map.of("captureId", "dup", "capturePointId", "crm"));
        ResponseEntity<Map> second = create(Map.of("captureId", "dup", "capturePointId", "crm", "priority", 9));
        assertThat(second.getStatusCode().value()).isEqualTo(200);
        assertThat(second.getBody().get("id")).isEqualTo(first.getBody().get("id"));
        assertThat(types(second)).containsExactly("Created");
    }

    @Test
    void actionsFollowTheLifecycleAndAccrueWorkAndHeldTime() {
        RestClient importer = client(mintImportKey());
        Map<?, ?> task = importer.post().uri("/tasks").body(Map.of("captureId", "life", "processId", "p",
                "occurredAt", "2026-03-02T09:00:00Z")).retrieve().body(Map.class);
        Object id = task.get("id");
        act(importer, id, "assign", Map.of("agentId", "a1", "occurredAt", "2026-03-02T09:01:00Z"));
        act(importer, id, "hold", Map.of("reason", "waiting", "occurredAt", "2026-03-02T09:03:00Z"));
        Map<?, ?> resumed = act(importer, id, "resume", Map.of("occurredAt", "2026-03-02T09:10:00Z")).getBody();
        assertThat(resumed.get("status")).isEqualTo("Assigned");
        assertThat(resumed.get("agentId")).isEqualTo("a1");
        act(importer, id, "complete", Map.of("resultCode", "done", "occurredAt", "2026-03-02T09:12:00Z"));
        List<Map<String, Object>> history = history(id);
        assertThat(history).extracting(e -> e.get("type"))
                .containsExactly("Created", "Queued", "Assigned", "Held", "Resumed", "Completed");
        assertThat(history).extracting(e -> e.get("workTimeSec")).containsExactly(0, 0, 0, 120, 0, 120);
        assertThat(history).extracting(e -> e.get("heldTimeSec")).containsExactly(0, 0, 0, 0, 420, 0);
        assertThat(history.getLast()).containsEntry("status", "Completed").containsEntry("resultCode", "done");
    }

    @Test
    void cancelIsNotCompletion() {
        Object id = create(Map.of("captureId", "cx", "processId", "p")).getBody().get("id");
        assertThat(act(tenant, id, "cancel", Map.of("reason", "duplicate")).getBody())
                .containsEntry("status", "Canceled").containsEntry("resultCode", null);
        assertThat(types(id)).containsExactly("Created", "Queued", "Canceled");
    }

    @Test
    void anIllegalTransitionIs409NamingStateAndAction() {
        Object id = create(Map.of("captureId", "ill", "processId", "p")).getBody().get("id");
        act(tenant, id, "complete", Map.of());
        ResponseEntity<Map> refused = act(tenant, id, "hold", Map.of());
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:invalid-transition")
                .containsEntry("taskStatus", "Completed").containsEntry("action", "hold").containsEntry("status", 409);
        assertThat(types(id)).as("nothing appended").containsExactly("Created", "Queued", "Completed");
    }

    @Test
    void actionsByCapturePointAndCaptureId() {
        create(Map.of("captureId", "bycap", "capturePointId", "web", "processId", "p"));
        ResponseEntity<Map> assigned = tenant.post().uri("/capture-points/web/tasks/bycap/assign")
                .body(Map.of("agentId", "a7")).retrieve().toEntity(Map.class);
        assertThat(assigned.getBody()).containsEntry("status", "Assigned").containsEntry("agentId", "a7");
    }

    @Test
    void anotherTenantsTaskIsNotFound() {
        Object id = create(Map.of("captureId", "mine")).getBody().get("id");
        Map<String, String> other = provision("other-" + System.nanoTime() % 100000);
        assertThat(client(other.get("tenant")).get().uri("/tasks/{id}", id).retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(404);
        assertThat(act(client(other.get("tenant")), id, "complete", Map.of()).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void onlyImportKeysMayBackdateAndNeverBeforeTheTasksLastEvent() {
        ResponseEntity<Map> refused = create(Map.of("captureId", "bd", "occurredAt", "2026-01-01T00:00:00Z"));
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        RestClient importer = client(mintImportKey());
        Object id = importer.post().uri("/tasks").body(Map.of("captureId", "bd2", "processId", "p",
                "occurredAt", "2026-01-01T10:00:00+01:00")).retrieve().body(Map.class).get("id");
        ResponseEntity<Map> backwards = act(importer, id, "assign",
                Map.of("agentId", "a", "occurredAt", "2026-01-01T08:59:59Z"));
        assertThat(backwards.getStatusCode().value()).isEqualTo(409);
        assertThat(backwards.getBody()).containsEntry("type", "urn:iwd:problem:time-goes-backwards");
    }

    @Test
    void theDatamartRoleCannotWriteTasks() {
        ResponseEntity<Map> refused = client(keys.get("datamart")).post().uri("/tasks")
                .body(Map.of("captureId", "dm")).retrieve().toEntity(Map.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void malformedBodiesAreProblems() {
        ResponseEntity<Map> notJson = tenant.post().uri("/tasks").header("content-type", "application/json")
                .body("{not json").retrieve().toEntity(Map.class);
        assertThat(notJson.getStatusCode().value()).isEqualTo(400);
        assertThat(notJson.getBody()).containsEntry("type", "urn:iwd:problem:malformed-body");
        ResponseEntity<Map> badDate = create(Map.of("captureId", "d", "dueAt", "tomorrow"));
        assertThat(badDate.getStatusCode().value()).isEqualTo(400);
        ResponseEntity<Map> noCapture = create(Map.of("subject", "x"));
        assertThat(noCapture.getStatusCode().value()).isEqualTo(400);
        assertThat(noCapture.getBody()).containsEntry("type", "urn:iwd:problem:validation");
        ResponseEntity<Map> badAction = tenant.post().uri("/tasks/1/explode").retrieve().toEntity(Map.class);
        assertThat(badAction.getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void aNumberIsNoTimeInAnyTimeField() {
        for (String field : List.of("dueAt", "activationAt", "sourceCreatedAt")) {
            for (Object number : List.of(1700000000, 1700000000.5)) {
                assertNumberRefused(create(Map.of("captureId", "num", field, number)), field);
            }
        }
        Object id = create(Map.of("captureId", "num-ok")).getBody().get("id");
        assertNumberRefused(tenant.patch().uri("/tasks/{id}", id).body(Map.of("dueAt", 1700000000)).retrieve()
                .toEntity(Map.class), "dueAt");
        RestClient importer = client(mintImportKey());
        assertNumberRefused(act(importer, id, "cancel", Map.of("occurredAt", 1700000000)), "occurredAt");
        assertThat(types(id)).containsExactly("Created");
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE capture_id = 'num'").query(Long.class).single())
                .isZero();
    }

    private static void assertNumberRefused(ResponseEntity<Map> response, String field) {
        assertThat(response.getStatusCode().value()).as(field).isEqualTo(400);
        assertThat(response.getBody()).containsEntry("type", "urn:iwd:problem:malformed-body");
        assertThat((String) response.getBody().get("detail")).contains("'" + field + "'");
    }

    @Test
    void anAttributeShapedLikeADateMustBeAnIsoDateOrADateTimeWithOffset() {
        for (String bad : List.of("2026-03-02T10:00:00", "2026-02-30T10:00:00Z", "2026-03-02T25:00:00+01:00",
                "2026-13-01", "2026-03-02Tlater", "2026-03-02T10:00:00+01:00 and more")) {
            ResponseEntity<Map> refused = create(Map.of("captureId", "ad", "attributes", Map.of("renewal", bad)));
            assertThat(refused.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:invalid-attributes");
            assertThat((String) refused.getBody().get("detail")).contains("'renewal'");
        }
        Map<String, Object> dates = Map.of("renewal", "2026-03-02T10:00:00+01:00", "utc", "2026-03-02T09:00:00.5Z",
                "birthday", "1980-05-04", "text", "2026 was a year", "code", "2026-03");
        ResponseEntity<Map> accepted = create(Map.of("captureId", "ad-ok", "attributes", dates));
        assertThat(accepted.getStatusCode().value()).isEqualTo(201);
        assertThat(accepted.getBody()).containsEntry("attributes", dates);
        Object id = accepted.getBody().get("id");
        ResponseEntity<Map> patched = tenant.patch().uri("/tasks/{id}", id)
                .body(Map.of("attributes", Map.of("renewal", "2026-03-02 10:00"))).retrieve().toEntity(Map.class);
        assertThat(patched.getStatusCode().value()).as("the same rule on PATCH").isEqualTo(200);
        ResponseEntity<Map> badPatch = tenant.patch().uri("/tasks/{id}", id)
                .body(Map.of("attributes", Map.of("renewal", "2026-03-02T10:00"))).retrieve().toEntity(Map.class);
        assertThat(badPatch.getStatusCode().value()).isEqualTo(400);
        assertThat(badPatch.getBody()).containsEntry("type", "urn:iwd:problem:invalid-attributes");
    }

    private String mintImportKey() {
        return (String) client(ADMIN_KEY).post().uri("/provisioning/{id}/keys", tenantId)
                .body(Map.of("role", "import")).retrieve().body(Map.class).get("key");
    }

    private ResponseEntity<Map> create(Map<String, Object> body) {
        return tenant.post().uri("/tasks").body(body).retrieve().toEntity(Map.class);
    }

    @SuppressWarnings("unchecked")
    private static ResponseEntity<Map> act(RestClient client, Object id, String action, Map<String, Object> body) {
        return client.post().uri("/tasks/{id}/{action}", id, action).body(body).retrieve().toEntity(Map.class);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> history(Object id) {
        return (List<Map<String, Object>>) tenant.get().uri("/tasks/{id}/history", id).retrieve().body(Map.class)
                .get("events");
    }

    private List<Object> types(ResponseEntity<Map> created) {
        return types(created.getBody().get("id"));
    }

    private List<Object> types(Object id) {
        return history(id).stream().map(e -> e.get("type")).toList();
    }
}
