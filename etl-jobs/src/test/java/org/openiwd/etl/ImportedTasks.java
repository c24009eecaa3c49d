package org.openiwd.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.springframework.web.client.RestClient;

/**
 * Tasks written through the real API with an import key, each call at a given event time, for tests that build a
 * known day of events: a create with the classification the aggregates group by, and the lifecycle actions.
 */
public final class ImportedTasks {

    private ImportedTasks() {
    }

    /** Configures department {@code departmentId} with the processes {@code processIds} under it. */
    public static void departmentWithProcesses(RestClient api, String departmentId, String... processIds) {
        api.post().uri("/departments").body(Map.of("id", departmentId, "name", "Department")).retrieve()
                .toBodilessEntity();
        for (String process : processIds) {
            api.post().uri("/processes").body(Map.of("id", process, "name", process, "parentId", departmentId))
                    .retrieve().toBodilessEntity();
        }
    }

    /** Creates a task at {@code at}; the nullable arguments are left out of the request. Returns its id. */
    public static long create(RestClient api, String captureId, String capturePointId, String processId,
            String queueId, Integer businessValue, String at, String dueAt) {
        Map<String, Object> body = new HashMap<>(Map.of("captureId", captureId, "capturePointId", capturePointId,
                "occurredAt", at));
        if (processId != null) {
            body.put("processId", processId);
        }
        if (queueId != null) {
            body.put("queueId", queueId);
        }
        if (businessValue != null) {
            body.put("businessValue", businessValue);
        }
        if (dueAt != null) {
            body.put("dueAt", dueAt);
        }
        Map<?, ?> task = api.post().uri("/tasks").body(body).retrieve().body(Map.class);
        assertThat(task.get("id")).as("created " + captureId + ": " + task).isNotNull();
        return ((Number) task.get("id")).longValue();
    }

    /** Runs {@code action} on the task at {@code at}, with the action's other fields in {@code extra}. */
    public static void act(RestClient api, long taskId, String action, String at, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("occurredAt", at);
        Map<?, ?> result = api.post().uri("/tasks/{id}/{action}", taskId, action).body(body).retrieve()
                .body(Map.class);
        assertThat(result.get("status")).as(action + " of " + taskId + ": " + result).isNotNull();
    }
}
