package org.openiwd.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.ApiProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends well over a thousand malformed requests, drawn from a seeded random generator, at every endpoint, and
 * holds the API to its error contract for each: a 4xx, never a 5xx or a 2xx; {@code application/problem+json}
 * with a {@code urn:iwd:problem:} type and the status in the body; no stack trace. Then checks that none of them
 * wrote anything, in any table of the schema. Every endpoint the application maps must have had malformed
 * requests: the run goes on past its length until each has (the generator reaches them all), and fails if one
 * never gets any, so a new endpoint fails here until the generator covers it. The seed is printed;
 * {@code -Diwd.fuzz.seed=N} replays a run, {@code -Diwd.fuzz.requests=N} lengthens it (never below 1,000).
 */
class MalformedRequestFuzzTest extends ApiIntegrationTest {

    private static final long SEED = Long.getLong("iwd.fuzz.seed", new Random().nextLong());
    /** The issue's floor: a shorter run is refused rather than passing for the test it is not. */
    static final int MIN_REQUESTS = 1000;
    private static final int REQUESTS = Integer.getInteger("iwd.fuzz.requests", 1500);
    /** Past its length, a run goes on this many times longer at most to reach the endpoints not yet hit. */
    private static final int COVERAGE_FACTOR = 4;
    /** The cluster email key ApiIntegrationTest configures. */
    private static final String CLUSTER_EMAIL_KEY = "test-cluster-email-key";

    /**
     * Tables whose rows malformed requests may change, each with the part that may change and why; every other
     * table of the schema must stay exactly as it was.
     */
    private static final Map<String, String> MAY_CHANGE = Map.of(
            // Refused provisioning is audited on purpose (outcome "refused: <code>"): only those rows may appear.
            "audit_log", "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '')"
                    + " FROM audit_log t WHERE outcome NOT LIKE 'refused: %'");

    @Autowired
    ApiProperties properties;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everyMalformedRequestIsRefusedWithAProblemAndWritesNothing() throws Exception {
        assertThat(REQUESTS).as("-Diwd.fuzz.requests: the issue asks for at least %d", MIN_REQUESTS)
                .isGreaterThanOrEqualTo(MIN_REQUESTS);
        System.out.println("MalformedRequestFuzzTest seed " + SEED + " (replay with -Diwd.fuzz.seed=" + SEED + ")");
        MalformedRequests.Target target = setUp();
        Map<String, Object> before = settledSnapshot();
        assertThat(before).as("the snapshot covers the email tables").containsKeys("email_item", "email_attachment",
                "outbound_email", "mailbox_secret", "search_outbox", "task", "task_event", "config_object");

        ApiEndpoints endpoints = new ApiEndpoints(mappings);
        Map<String, Integer> hits = new TreeMap<>();
        endpoints.all().forEach(endpoint -> hits.put(endpoint, 0));
        MalformedRequests requests = new MalformedRequests(new Random(SEED), target);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        long started = System.nanoTime();
        int sent = 0;
        while (sent < REQUESTS || hits.containsValue(0) && sent < REQUESTS * COVERAGE_FACTOR) {
            FuzzRequest request = requests.next();
            String endpoint = endpoints.of(request.method(), request.path());
            if (endpoint != null) {
                hits.merge(endpoint, 1, Integer::sum);
            }
            String failure = check(request, outcomes);
            if (failure != null) {
                failures.add("#" + sent + " " + failure + "\n    request: " + request);
            }
            sent++;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("MalformedRequestFuzzTest sent " + sent + " requests in " + millis + " ms; outcomes "
                + outcomes + "; per endpoint " + hits);
        failures.forEach(System.out::println);

        // All three reported together: a broken contract must not hide an endpoint left out, nor the reverse.
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(failures).as("%d of %d malformed requests broke the error contract (seed %d):%n%s",
                failures.size(), sent, SEED, String.join("\n", failures.stream().limit(60).toList())).isEmpty();
        softly.assertThat(hits.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList())
                .as("endpoints that got no malformed request in %d (seed %d): give them cases in "
                        + "MalformedRequests", sent, SEED).isEmpty();
        softly.assertThat(snapshot()).as("nothing written by malformed requests (seed %d)", SEED)
                .isEqualTo(before);
        softly.assertAll();
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
     * The valid setup the malformed requests aim at: a tenant with one object of every configuration kind, tasks in
     * the states where each action would apply, a mailbox, inbound items and an outbound one; another tenant with
     * the same kinds of objects, which must stay out of reach.
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
        MalformedRequests.Emails emails = emails(tenant, client(keys.get("email")), "mb");
        Map<?, ?> importKey = client(ADMIN_KEY).post().uri("/provisioning/fuzz/keys").body(Map.of("role", "import"))
                .retrieve().body(Map.class);

        Map<String, String> otherKeys = provision("other");
        RestClient other = client(otherKeys.get("tenant"));
        created(other, "/capture-points", Map.of("id", "cp", "name", "Capture point"));
        long otherTask = task(other, "theirs");
        MalformedRequests.Emails otherEmails = emails(other, client(otherKeys.get("email")), "mb-theirs");
        long otherKeyId = ((Number) ((Map<?, ?>) ((List<?>) client(ADMIN_KEY).get().uri("/provisioning/other/keys")
                .retrieve().body(Map.class).get("keys")).getFirst()).get("id")).longValue();

        MalformedRequests.Keys roles = new MalformedRequests.Keys(keys.get("email"), keys.get("datamart"),
                (String) importKey.get("key"), CLUSTER_DATAMART_KEY, CLUSTER_EMAIL_KEY,
                ((Number) importKey.get("id")).longValue());
        return new MalformedRequests.Target(keys.get("tenant"), ADMIN_KEY, "fuzz", open, held, otherTask, "cp",
                "open", "held", properties.maxRequestSize().toBytes(), roles, emails, otherEmails, "other",
                otherKeyId);
    }

    /** A sending mailbox, a parsed inbound item with an attachment, an unparsable one and a queued reply. */
    private static MalformedRequests.Emails emails(RestClient tenant, RestClient email, String mailboxId) {
        created(tenant, "/mailboxes", Map.of("id", mailboxId, "name", "Mailbox", "type", "imap",
                "address", mailboxId + "@example.com",
                "inbound", Map.of("host", "imap.example.com", "user", mailboxId, "password", "secret"),
                "outbound", Map.of("host", "smtp.example.com", "user", mailboxId, "password", "secret")));
        Map<String, Object> parsed = new HashMap<>(Map.of("mailboxId", mailboxId, "messageId", "<setup@example.org>",
                "contentHash", "a".repeat(64), "subtype", "InboundNew", "from", Map.of("address", "ann@example.org"),
                "subject", "Setup", "textBody", "Hello"));
        parsed.put("attachments", List.of(Map.of("fileName", "a.txt", "contentType", "text/plain", "size", 2,
                "content", Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)))));
        String emailId = (String) submitted(email, parsed).get("id");
        String rawId = (String) submitted(email, Map.of("mailboxId", mailboxId, "contentHash", "b".repeat(64),
                "unparsable", true, "unparsableReason", "broken", "rawSource",
                Base64.getEncoder().encodeToString("From: x\r\n\r\n--y".getBytes(StandardCharsets.UTF_8)))).get("id");
        Map<?, ?> outbound = tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "inReplyToEmailId", emailId, "textBody", "Thanks")).retrieve().body(Map.class);
        assertThat(outbound.get("status")).as("setup outbound").isEqualTo("queued");
        return new MalformedRequests.Emails(mailboxId, emailId, rawId, (String) outbound.get("id"));
    }

    private static Map<?, ?> submitted(RestClient email, Map<String, Object> body) {
        var response = email.post().uri("/emails").body(body).retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode().value()).as("setup email %s", response.getBody()).isEqualTo(201);
        return response.getBody();
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

    /**
     * Every table of the schema (from information_schema, so a new table is in without a change here): its row
     * count and a digest of its rows, or, for the tables of {@link #MAY_CHANGE}, of the rows that must not change.
     */
    private Map<String, Object> snapshot() {
        List<String> tables = jdbc.sql("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name""")
                .query(String.class).list();
        Map<String, Object> rows = new LinkedHashMap<>();
        for (String table : tables) {
            String sql = MAY_CHANGE.getOrDefault(table, "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text,"
                    + " E'\\n' ORDER BY t::text)), '') FROM \"" + table + "\" t");
            rows.put(table, jdbc.sql(sql).query(String.class).single());
        }
        return rows;
    }

    /**
     * The snapshot once the setup's own background work is done (the feed sequencer positions its events, the
     * activation queues its tasks): two in a row, half a second apart, alike.
     */
    private Map<String, Object> settledSnapshot() throws InterruptedException {
        Map<String, Object> previous = snapshot();
        for (int i = 0; i < 40; i++) {
            Thread.sleep(500);
            Map<String, Object> current = snapshot();
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
        }
        throw new AssertionError("the database did not settle after the setup: " + previous);
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
