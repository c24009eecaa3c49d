package org.openiwd.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.ApiProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends well over a thousand malformed requests, drawn from a seeded random generator, at every endpoint, and
 * holds the API to its error contract for each: a 4xx, never a 5xx or a 2xx; {@code application/problem+json}
 * with a {@code urn:iwd:problem:} type and the status in the body; no stack trace. Then checks that none of them
 * wrote anything. The seed is printed; {@code -Diwd.fuzz.seed=N} replays a run, {@code -Diwd.fuzz.requests=N}
 * changes its length.
 */
class MalformedRequestFuzzTest extends ApiIntegrationTest {

    private static final long SEED = Long.getLong("iwd.fuzz.seed", new Random().nextLong());
    private static final int REQUESTS = Integer.getInteger("iwd.fuzz.requests", 1500);

    private static final List<String> SNAPSHOT = List.of(
            "SELECT count(*) FROM tenant",
            "SELECT string_agg(tenant_id || '/' || name || '/' || time_zone || '/' || config_revision, ','"
                    + " ORDER BY tenant_id) FROM tenant",
            "SELECT count(*) FROM api_key",
            // Refused provisioning is audited on purpose (outcome "refused: <code>"): only those rows may appear.
            "SELECT count(*) FROM audit_log WHERE outcome NOT LIKE 'refused: %'",
            "SELECT tenant_id || ':' || count(*) FROM task GROUP BY tenant_id ORDER BY 1",
            "SELECT string_agg(task_id || '/' || status || '/' || version || '/' || updated_at, ','"
                    + " ORDER BY task_id) FROM task",
            "SELECT tenant_id || ':' || count(*) FROM task_event GROUP BY tenant_id ORDER BY 1",
            "SELECT string_agg(kind || '/' || object_id || '/' || version || '/' || deleted, ','"
                    + " ORDER BY kind, object_id) FROM config_object",
            "SELECT count(*) FROM config_event");

    @Autowired
    ApiProperties properties;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everyMalformedRequestIsRefusedWithAProblemAndWritesNothing() throws Exception {
        System.out.println("MalformedRequestFuzzTest seed " + SEED + " (replay with -Diwd.fuzz.seed=" + SEED + ")");
        MalformedRequests.Target target = setUp();
        Map<String, Object> before = snapshot();
        assertThat(before.get(SNAPSHOT.get(4))).asString().contains("fuzz:4");

        MalformedRequests requests = new MalformedRequests(new Random(SEED), target);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            FuzzRequest request = requests.next();
            String failure = check(request, outcomes);
            if (failure != null) {
                failures.add("#" + i + " " + failure + "\n    request: " + request);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("MalformedRequestFuzzTest sent " + REQUESTS + " requests in " + millis + " ms; outcomes "
                + outcomes);
        failures.forEach(System.out::println);

        assertThat(failures).as("%d of %d malformed requests broke the error contract (seed %d):%n%s",
                failures.size(), REQUESTS, SEED, String.join("\n", failures.stream().limit(60).toList())).isEmpty();
        assertThat(snapshot()).as("nothing written by malformed requests (seed %d)", SEED).isEqualTo(before);
    }

    /** Null when the response keeps the contract, else what is wrong with it. */
    private String check(FuzzRequest request, Map<String, Integer> outcomes) {
        HttpResponse<String> response;
        try {
            response = send(request);
        }
        catch (Exception e) {
            outcomes.merge("no response", 1, Integer::sum);
            return "no response: " + e;
        }
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String body = response.body();
        String shown = "status " + status + ", " + contentType + ", body " + abbreviate(body);
        String type = null;
        try {
            JsonNode problem = json.readTree(body);
            type = problem.path("type").asString("");
            outcomes.merge(status + " " + type.replace(ApiProblem.TYPE_PREFIX, ""), 1, Integer::sum);
            if (!type.startsWith(ApiProblem.TYPE_PREFIX)) {
                return "problem type is not urn:iwd:problem: " + shown;
            }
            if (problem.path("status").asInt(-1) != status) {
                return "problem status differs from the HTTP status: " + shown;
            }
        }
        catch (RuntimeException e) {
            outcomes.merge(status + " (not JSON)", 1, Integer::sum);
            return "body is not JSON: " + shown;
        }
        if (status < 400 || status > 499) {
            return "not a 4xx: " + shown;
        }
        if (request.expectedStatus() != null && status != request.expectedStatus()) {
            return "expected " + request.expectedStatus() + ": " + shown;
        }
        if (!contentType.startsWith("application/problem+json")) {
            return "not application/problem+json: " + shown;
        }
        if (body.contains("at org.") || body.contains("Exception")) {
            return "stack trace or exception text in the body: " + shown;
        }
        return null;
    }

    /**
     * A body over the limit goes on a connection of its own: refused unread, it leaves Tomcat to decide whether to
     * swallow the rest or close the connection, and a closed connection must not fail the next request.
     */
    private HttpResponse<String> send(FuzzRequest request) throws Exception {
        if (request.body() == null || request.body().length <= properties.maxRequestSize().toBytes()) {
            return http.send(build(request), HttpResponse.BodyHandlers.ofString());
        }
        try (HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return own.send(build(request), HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpRequest build(FuzzRequest request) {
        HttpRequest.BodyPublisher publisher;
        if (request.body() == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        }
        else if (request.chunked()) {
            byte[] bytes = request.body();
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        }
        else {
            publisher = HttpRequest.BodyPublishers.ofByteArray(request.body());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/iwd/v3"
                + request.path())).timeout(Duration.ofSeconds(30)).method(request.method(), publisher);
        request.headers().forEach(builder::header);
        return builder.build();
    }

    /**
     * The valid setup the malformed requests aim at: a tenant with one object of every configuration kind and
     * tasks in the states where each action would apply, and another tenant's task that must stay out of reach.
     */
    private MalformedRequests.Target setUp() {
        Map<String, String> keys = provision("fuzz");
        RestClient tenant = client(keys.get("tenant"));
        created(tenant, "/solutions", Map.of("id", "sol", "name", "Solution"));
        created(tenant, "/departments", Map.of("id", "dept", "name", "Department", "parentId", "sol"));
        created(tenant, "/processes", Map.of("id", "p", "name", "Process", "parentId", "dept"));
        created(tenant, "/categories", Map.of("id", "cat", "name", "Category"));
        created(tenant, "/capture-points", Map.of("id", "cp", "name", "Capture point"));
        created(tenant, "/queues", Map.of("id", "q", "name", "Queue"));
        created(tenant, "/business-calendars", Map.of("id", "cal", "name", "Calendar", "settings",
                Map.of("timeZone", "Europe/Paris", "weeklyHours",
                        Map.of("MONDAY", List.of(Map.of("from", "08:00", "to", "18:00"))))));
        long open = task(tenant, "open");
        long held = task(tenant, "held");
        long assigned = task(tenant, "assigned");
        long done = task(tenant, "done");
        acted(tenant, held, "hold", Map.of("reason", "waiting"));
        acted(tenant, assigned, "assign", Map.of("agentId", "agent-1"));
        acted(tenant, done, "complete", Map.of("resultCode", "ok"));

        RestClient other = client(provision("other").get("tenant"));
        long otherTask = task(other, "theirs");
        return new MalformedRequests.Target(keys.get("tenant"), ADMIN_KEY, "fuzz", open, held, otherTask, "cp",
                "open", "held", properties.maxRequestSize().toBytes());
    }

    private static void created(RestClient tenant, String path, Map<String, Object> body) {
        int status = tenant.post().uri(path).body(body).retrieve().toBodilessEntity().getStatusCode().value();
        assertThat(status).as("setup POST %s", path).isEqualTo(201);
    }

    private static long task(RestClient tenant, String captureId) {
        Map<?, ?> task = tenant.post().uri("/tasks").body(Map.of("captureId", captureId, "capturePointId", "cp",
                "processId", "p", "subject", "Setup task")).retrieve().body(Map.class);
        return ((Number) task.get("id")).longValue();
    }

    private static void acted(RestClient tenant, long id, String action, Map<String, Object> body) {
        int status = tenant.post().uri("/tasks/{id}/{action}", id, action).body(body).retrieve().toBodilessEntity()
                .getStatusCode().value();
        assertThat(status).as("setup %s", action).isEqualTo(200);
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> rows = new LinkedHashMap<>();
        for (String sql : SNAPSHOT) {
            rows.put(sql, jdbc.sql(sql).query().singleColumn());
        }
        return rows;
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
