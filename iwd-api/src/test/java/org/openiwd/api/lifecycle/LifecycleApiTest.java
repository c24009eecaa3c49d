package org.openiwd.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Every (state, action) pair of DESIGN §4.2 through the real API: each task is brought into the state, the action
 * is sent, and the answer, the new state and the events appended are checked: exactly one event (two for a
 * restart that queues again) when accepted, none and a 409 naming state and action when refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleApiTest extends ApiIntegrationTest {

    RestClient api;
    int sequence;

    @BeforeAll
    void tenant() {
        api = client(provision("lifecycle").get("tenant"));
        configureProcesses(api, "p");
    }

    static Stream<Arguments> table() {
        String[] actions = {"assign", "transfer:queue", "transfer:agent", "complete", "cancel", "reject", "hold",
            "resume", "restart", "patch"};
        String[][] rows = {
            // from       assign      transfer:q transfer:a  complete     cancel      reject      hold    resume    restart  patch
            {"New",       "Assigned", "Queued",  "Assigned", "Completed", "Canceled", "Rejected", "Held", "409",     "New",    "New"},
            {"Queued",    "Assigned", "Queued",  "Assigned", "Completed", "Canceled", "Rejected", "Held", "409",     "Queued", "Queued"},
            {"Assigned",  "Assigned", "Queued",  "Assigned", "Completed", "Canceled", "Rejected", "Held", "409",     "Queued", "Assigned"},
            {"Held",      "409",      "409",     "409",      "Completed", "Canceled", "Rejected", "409",  "Queued",  "Queued", "Held"},
            {"ErrorHeld", "409",      "409",     "409",      "Completed", "Canceled", "Rejected", "409",  "ErrorHeld", "ErrorHeld", "ErrorHeld"},
            {"Completed", "409", "409", "409", "409", "409", "409", "409", "409", "409", "409"},
            {"Canceled",  "409", "409", "409", "409", "409", "409", "409", "409", "409", "409"},
            {"Rejected",  "409", "409", "409", "409", "409", "409", "409", "409", "409", "409"},
        };
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String[] row : rows) {
            for (int i = 0; i < actions.length; i++) {
                cases.add(Arguments.of(row[0], actions[i], row[i + 1]));
            }
        }
        return cases.build();
    }

    /**
     * The expected state is what the caller sees: a New task (unclassified, no process) stays New after a
     * restart; a classified one is queued again; a task whose process is unknown is error-held again.
     */
    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("table")
    void everyStateAndActionThroughTheApi(String from, String action, String expected) {
        Object id = taskIn(from);
        List<Object> before = types(id);
        String verb = action.split(":")[0];
        Map<String, Object> body = switch (action) {
            case "assign", "transfer:agent" -> Map.of("agentId", "agent-2");
            case "transfer:queue" -> Map.of("queueId", "q-2");
            case "patch" -> Map.of("priority", 9);
            default -> Map.of();
        };
        ResponseEntity<Map> response = verb.equals("patch")
                ? api.patch().uri("/tasks/{id}", id).body(body).retrieve().toEntity(Map.class)
                : api.post().uri("/tasks/{id}/{action}", id, verb).body(body).retrieve().toEntity(Map.class);
        List<Object> after = types(id);
        if (expected.equals("409")) {
            assertThat(response.getStatusCode().value()).isEqualTo(409);
            assertThat(response.getBody()).containsEntry("type", "urn:iwd:problem:invalid-transition")
                    .containsEntry("taskStatus", from).containsEntry("action", verb).containsEntry("status", 409);
            assertThat(after).as("nothing appended").isEqualTo(before);
        }
        else {
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(response.getBody()).containsEntry("status", expected);
            int appended = after.size() - before.size();
            assertThat(appended).as("events appended").isBetween(1, 2);
            assertThat(after.get(before.size())).isEqualTo(verb.equals("patch") ? "Updated"
                    : TaskAction.fromPath(verb).eventType().name());
        }
    }

    /** A fresh task brought into {@code state} through the API. */
    private Object taskIn(String state) {
        String captureId = "t" + (++sequence);
        Map<String, Object> create = new HashMap<>(Map.of("captureId", captureId, "queueId", "q-1"));
        switch (state) {
            case "New" -> { }
            case "ErrorHeld" -> create.put("processId", "missing");
            default -> create.put("processId", "p");
        }
        Object id = api.post().uri("/tasks").body(create).retrieve().body(Map.class).get("id");
        switch (state) {
            case "Assigned" -> act(id, "assign", Map.of("agentId", "agent-1"));
            case "Held" -> act(id, "hold", Map.of("reason", "wait"));
            case "Completed" -> act(id, "complete", Map.of());
            case "Canceled" -> act(id, "cancel", Map.of());
            case "Rejected" -> act(id, "reject", Map.of());
            default -> { }
        }
        assertThat(api.get().uri("/tasks/{id}", id).retrieve().body(Map.class).get("status")).isEqualTo(state);
        return id;
    }

    private void act(Object id, String action, Map<String, Object> body) {
        assertThat(api.post().uri("/tasks/{id}/{action}", id, action).body(body).retrieve().toEntity(Map.class)
                .getStatusCode().value()).isEqualTo(200);
    }

    private List<Object> types(Object id) {
        List<?> events = (List<?>) api.get().uri("/tasks/{id}/history", id).retrieve().body(Map.class).get("events");
        return events.stream().map(e -> (Object) ((Map<?, ?>) e).get("type")).toList();
    }
}
