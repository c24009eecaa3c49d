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
 * is sent, and the answer, the new state and the events appended are checked: exactly the events of the change,
 * in order (a restart or a resume that makes the task {@code New} adds the event of its classification), when
 * accepted; none and a 409 naming state and action when refused, even when the body also lacks what the action
 * needs.
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

    /**
     * Cells are {@code status=Event+Event}: the task's status after the action and the types of the events
     * appended, in order; {@code 409} where the table refuses. A state {@code Held/X} is a task held from {@code X};
     * the New task has no process (classifying it leaves it New); ErrorHeld's process is unknown (classifying it
     * error-holds it again).
     */
    static Stream<Arguments> table() {
        String[] actions = {"assign", "transfer:queue", "transfer:agent", "complete", "cancel", "reject", "hold",
            "resume", "restart", "patch"};
        String[][] rows = {
            {"New", "Assigned=Assigned", "Queued=Transferred", "Assigned=Transferred", "Completed=Completed",
                "Canceled=Canceled", "Rejected=Rejected", "Held=Held", "409", "New=Restarted", "New=Updated"},
            {"Queued", "Assigned=Assigned", "Queued=Transferred", "Assigned=Transferred", "Completed=Completed",
                "Canceled=Canceled", "Rejected=Rejected", "Held=Held", "409", "Queued=Restarted+Queued",
                "Queued=Updated"},
            {"Assigned", "Assigned=Assigned", "Queued=Transferred", "Assigned=Transferred", "Completed=Completed",
                "Canceled=Canceled", "Rejected=Rejected", "Held=Held", "409", "Queued=Restarted+Queued",
                "Assigned=Updated"},
            {"Held/New", "409", "409", "409", "Completed=Completed", "Canceled=Canceled", "Rejected=Rejected", "409",
                "New=Resumed", "New=Restarted", "Held=Updated"},
            {"Held/Queued", "409", "409", "409", "Completed=Completed", "Canceled=Canceled", "Rejected=Rejected",
                "409", "Queued=Resumed", "Queued=Restarted+Queued", "Held=Updated"},
            {"Held/Assigned", "409", "409", "409", "Completed=Completed", "Canceled=Canceled", "Rejected=Rejected",
                "409", "Assigned=Resumed", "Queued=Restarted+Queued", "Held=Updated"},
            {"ErrorHeld", "409", "409", "409", "Completed=Completed", "Canceled=Canceled", "Rejected=Rejected", "409",
                "ErrorHeld=Resumed+ErrorHeld", "ErrorHeld=Restarted+ErrorHeld", "ErrorHeld=Updated"},
            {"Completed", "409", "409", "409", "409", "409", "409", "409", "409", "409", "409"},
            {"Canceled", "409", "409", "409", "409", "409", "409", "409", "409", "409", "409"},
            {"Rejected", "409", "409", "409", "409", "409", "409", "409", "409", "409", "409"},
        };
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String[] row : rows) {
            for (int i = 0; i < actions.length; i++) {
                cases.add(Arguments.of(row[0], actions[i], row[i + 1]));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("table")
    void everyStateAndActionThroughTheApi(String from, String action, String expected) {
        Object id = taskIn(from);
        List<Object> before = types(id);
        int versionBefore = version(id);
        String verb = action.split(":")[0];
        Map<String, Object> body = switch (action) {
            case "assign", "transfer:agent" -> Map.of("agentId", "agent-2");
            case "transfer:queue" -> Map.of("queueId", "q-2");
            case "patch" -> Map.of("priority", 9);
            default -> Map.of();
        };
        ResponseEntity<Map> response = send(id, verb, body);
        List<Object> after = types(id);
        if (expected.equals("409")) {
            assertRefused(response, from, verb);
            assertThat(after).as("nothing appended").isEqualTo(before);
        }
        else {
            String[] outcome = expected.split("=");
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(response.getBody()).containsEntry("status", outcome[0]);
            assertThat(after.subList(0, before.size())).as("earlier events untouched").isEqualTo(before);
            assertThat(after.subList(before.size(), after.size())).as("events appended")
                    .containsExactly((Object[]) outcome[1].split("\\+"));
            assertThat(response.getBody()).as("one version per event")
                    .containsEntry("version", versionBefore + after.size() - before.size());
        }
    }

    /** The refusing states with the bodies that also lack what assign and transfer need: still a 409. */
    static Stream<Arguments> refusedWithIncompleteBodies() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String state : new String[] {"Held/Queued", "ErrorHeld", "Completed", "Canceled", "Rejected"}) {
            cases.add(Arguments.of(state, "assign", Map.of()));
            cases.add(Arguments.of(state, "assign", Map.of("queueId", "q-2")));
            cases.add(Arguments.of(state, "transfer", Map.of()));
            cases.add(Arguments.of(state, "transfer", Map.of("agentId", "agent-2", "queueId", "q-2")));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} --{1} {2}--> 409")
    @MethodSource("refusedWithIncompleteBodies")
    void theStateIsCheckedBeforeTheBody(String from, String verb, Map<String, Object> body) {
        Object id = taskIn(from);
        List<Object> before = types(id);
        assertRefused(send(id, verb, body), from, verb);
        assertThat(types(id)).as("nothing appended").isEqualTo(before);
    }

    private ResponseEntity<Map> send(Object id, String verb, Map<String, Object> body) {
        return verb.equals("patch")
                ? api.patch().uri("/tasks/{id}", id).body(body).retrieve().toEntity(Map.class)
                : api.post().uri("/tasks/{id}/{action}", id, verb).body(body).retrieve().toEntity(Map.class);
    }

    private static void assertRefused(ResponseEntity<Map> response, String from, String verb) {
        assertThat(response.getStatusCode().value()).isEqualTo(409);
        assertThat(response.getBody()).containsEntry("type", "urn:iwd:problem:invalid-transition")
                .containsEntry("taskStatus", from.split("/")[0]).containsEntry("action", verb)
                .containsEntry("status", 409);
    }

    /** A fresh task brought into {@code state} ({@code Held/X}: held from X) through the API. */
    private Object taskIn(String state) {
        String captureId = "t" + (++sequence);
        String[] held = state.split("/");
        String origin = held.length == 2 ? held[1] : state;
        Map<String, Object> create = new HashMap<>(Map.of("captureId", captureId, "queueId", "q-1"));
        switch (origin) {
            case "New" -> { }
            case "ErrorHeld" -> create.put("processId", "missing");
            default -> create.put("processId", "p");
        }
        Object id = api.post().uri("/tasks").body(create).retrieve().body(Map.class).get("id");
        switch (origin) {
            case "Assigned" -> act(id, "assign", Map.of("agentId", "agent-1"));
            case "Completed" -> act(id, "complete", Map.of());
            case "Canceled" -> act(id, "cancel", Map.of());
            case "Rejected" -> act(id, "reject", Map.of());
            default -> { }
        }
        assertThat(status(id)).isEqualTo(origin);
        if (held.length == 2) {
            act(id, "hold", Map.of("reason", "wait"));
            assertThat(status(id)).isEqualTo("Held");
        }
        return id;
    }

    private Object status(Object id) {
        return api.get().uri("/tasks/{id}", id).retrieve().body(Map.class).get("status");
    }

    private int version(Object id) {
        return (Integer) api.get().uri("/tasks/{id}", id).retrieve().body(Map.class).get("version");
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
