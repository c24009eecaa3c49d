package org.openiwd.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.security.TenantFixture.Call;
import org.openiwd.api.web.ApiEndpoints;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One tenant never sees or touches another's objects, on every endpoint the application maps: tenant B's key on
 * tenant A's object answers 404 (never revealing that it exists) and changes nothing of A's; B's lists, feeds and
 * feed heads hold only B's rows; the same id or natural key in B is B's own object. Every endpoint has a case here
 * or a reasoned exclusion, so a new endpoint fails this test until it gets one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest extends ApiIntegrationTest {

    private static final String V3 = "/iwd/v3";

    private static final String ADMIN_ONLY = "the cluster admin's, acting on any tenant named in the path by design; "
            + "RoleMatrixTest refuses every tenant key";

    /** Endpoints that act on no tenant's objects through a tenant key, and why they need no case here. */
    private static final Map<String, String> EXCLUDED = Map.ofEntries(
            Map.entry("GET " + V3 + "/provisioning/audit", ADMIN_ONLY + "; every tenant's rows by design"),
            Map.entry("POST " + V3 + "/provisioning", ADMIN_ONLY),
            Map.entry("PUT " + V3 + "/provisioning", ADMIN_ONLY),
            Map.entry("GET " + V3 + "/provisioning", "lists every tenant by design, for the admin and the cluster "
                    + "keys only (RoleMatrixTest refuses tenant keys)"),
            Map.entry("DELETE " + V3 + "/provisioning/{tenantId}", ADMIN_ONLY),
            Map.entry("POST " + V3 + "/provisioning/{tenantId}/keys", ADMIN_ONLY),
            Map.entry("GET " + V3 + "/provisioning/{tenantId}/keys", ADMIN_ONLY),
            Map.entry("POST " + V3 + "/provisioning/{tenantId}/search-index/rebuild", ADMIN_ONLY));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final JsonMapper json = JsonMapper.builder().build();
    private TenantFixture a;
    private TenantFixture b;

    @BeforeAll
    void twoTenants() throws InterruptedException {
        RestClient admin = client(ADMIN_KEY);
        b = TenantFixture.create("iso-b", "b", admin, this::client);
        a = TenantFixture.create("iso-a", "a", admin, this::client);
        TenantFixture.twins(client(a.keys().get("tenant")), "a");
        waitForFeeds();
    }

    @Test
    void everyEndpointHasAnIsolationCaseOrAReasonedExclusion() {
        Set<String> endpoints = new ApiEndpoints(mappings).all();
        Set<String> covered = new TreeSet<>(objectCases().keySet());
        covered.addAll(listCases().keySet());
        covered.addAll(sameKeyCases().keySet());
        covered.addAll(EXCLUDED.keySet());
        Set<String> missing = new TreeSet<>(endpoints);
        missing.removeAll(covered);
        assertThat(missing).as("endpoints without a tenant isolation case: add one, or an exclusion with its reason")
                .isEmpty();
        assertThat(endpoints).as("no case for an endpoint that is gone").containsAll(covered);
        assertThat(endpoints).as("the endpoints are found").hasSizeGreaterThan(50);
    }

    @Test
    void anotherTenantsObjectIs404OnEveryEndpointThatNamesOneAndStaysUntouched() {
        Map<String, String> before = rowsOf(a.id());
        List<String> failures = new ArrayList<>();
        objectCases().forEach((endpoint, calls) -> calls.forEach(keyed -> {
            ResponseEntity<String> response = TenantFixture.send(client(keyed.key()), null, keyed.call());
            String body = String.valueOf(response.getBody());
            if (response.getStatusCode().value() != 404) {
                failures.add(endpoint + " with B's " + keyed.role() + " key: " + response.getStatusCode() + " " + body);
            }
            else if (leaksA(withoutWhatWasSent(body, keyed.call()))) {
                failures.add(endpoint + " with B's " + keyed.role() + " key names A's data: " + body);
            }
        }));
        assertThat(failures).isEmpty();
        assertThat(rowsOf(a.id())).as("A's rows untouched").isEqualTo(before);
        assertThat(client(a.keys().get("import")).get().uri("/tenant").retrieve().toBodilessEntity().getStatusCode()
                .value()).as("A's key revoked through B's path still works").isEqualTo(200);
    }

    @Test
    void listsFeedsAndHeadsHoldOnlyTheCallersOwnRows() {
        List<String> failures = new ArrayList<>();
        listCases().forEach((endpoint, calls) -> calls.forEach(keyed -> {
            ResponseEntity<String> response = TenantFixture.send(client(keyed.key()), keyed.tenantHeader(),
                    keyed.call());
            String body = String.valueOf(response.getBody());
            if (response.getStatusCode().value() != 200) {
                failures.add(keyed.call().path() + " with B's " + keyed.role() + " key: " + response.getStatusCode()
                        + " " + body);
            }
            else if (leaksA(body)) {
                failures.add(keyed.call().path() + " with B's " + keyed.role() + " key shows A's rows: " + body);
            }
            else if (!keyed.call().path().contains("/head") && !body.contains("\"b-") && !body.contains("b-marker")
                    && !body.contains("\"taskId\":" + b.taskId()) && !body.contains(b.id())) {
                failures.add(keyed.call().path() + " with B's " + keyed.role() + " key lacks B's own rows, so proves "
                        + "nothing: " + body);
            }
        }));
        assertThat(failures).isEmpty();

        for (String feed : List.of("/reporting/events", "/reporting/config-events")) {
            long headOfB = head(b, feed);
            long headOfA = head(a, feed);
            assertThat(headOfB).as(feed + "/head of B is B's newest event").isEqualTo(newest(b, feed));
            assertThat(headOfA).as(feed + "/head of A is A's newest event").isEqualTo(newest(a, feed));
            assertThat(headOfB).as("the feed's positions are global: the heads differ").isNotEqualTo(headOfA);
        }
        assertThat(json.readTree(client(b.keys().get("email")).get().uri("/tenant").retrieve().body(String.class))
                .get("id").asString()).isEqualTo(b.id());
    }

    @Test
    void theSameIdOrNaturalKeyInAnotherTenantIsThatTenantsOwnObject() {
        Map<String, String> before = rowsOf(a.id());
        List<String> failures = new ArrayList<>();
        sameKeyCases().forEach((endpoint, keyed) -> {
            ResponseEntity<String> response = TenantFixture.send(client(keyed.key()), null, keyed.call());
            int status = response.getStatusCode().value();
            String body = String.valueOf(response.getBody());
            if (status != keyed.expected() || leaksA(withoutWhatWasSent(body, keyed.call()))) {
                failures.add(endpoint + " with B's " + keyed.role() + " key: " + status + " (expected "
                        + keyed.expected() + ") " + body);
            }
        });
        assertThat(failures).isEmpty();
        assertThat(rowsOf(a.id())).as("A's rows untouched").isEqualTo(before);
    }

    /** A call by one of B's keys; {@code role} names the key, {@code tenantHeader} for a cluster key. */
    private record Keyed(String role, String key, String tenantHeader, Call call, int expected) {
    }

    private Keyed by(String role, Call call) {
        return switch (role) {
            case "admin" -> new Keyed(role, ADMIN_KEY, null, call, 404);
            case "cluster datamart" -> new Keyed(role, CLUSTER_DATAMART_KEY, b.id(), call, 200);
            default -> new Keyed(role, b.keys().get(role), null, call, 404);
        };
    }

    /**
     * Each endpoint that names an object in its path, called by B on A's object with the roles it allows; the body
     * is B's own valid one (without an id, which would have to match the path), so only the object is A's.
     */
    private Map<String, List<Keyed>> objectCases() {
        Map<String, Call> ownOfB = b.ownCalls();
        Map<String, List<Keyed>> cases = new LinkedHashMap<>();
        a.ownCalls().forEach((endpoint, theirs) -> {
            if (!endpoint.contains("{") || endpoint.contains("/provisioning/")) {
                return;
            }
            Object body = ownOfB.get(endpoint).body();
            if (body instanceof Map<?, ?> map) {
                Map<Object, Object> withoutId = new LinkedHashMap<>(map);
                withoutId.remove("id");
                body = withoutId;
            }
            Call call = new Call(theirs.method(), theirs.path(), body);
            List<String> roles = endpoint.startsWith("GET") ? readers(endpoint) : writers(endpoint);
            cases.put(endpoint, new ArrayList<>(roles.stream().map(role -> by(role, call)).toList()));
        });
        for (String action : List.of("assign", "transfer", "complete", "cancel", "reject", "hold", "resume",
                "restart")) {
            cases.get("POST " + V3 + "/tasks/{id}/{action}").add(by("tenant", new Call("POST",
                    "/tasks/" + a.taskId() + "/" + action, Map.of("agentId", "x"))));
            cases.get("POST " + V3 + "/capture-points/{capturePointId}/tasks/{captureId}/{action}").add(by("import",
                    new Call("POST", "/capture-points/a-capture-point/tasks/a-task/" + action, Map.of())));
        }
        // Keys are revoked through their tenant: A's key under B's path is no key of B's.
        cases.put("DELETE " + V3 + "/provisioning/{tenantId}/keys/{keyId}", List.of(by("admin",
                new Call("DELETE", "/provisioning/" + b.id() + "/keys/" + a.importKeyId(), null))));
        return cases;
    }

    /** Lists, feeds and heads (endpoints without an object in the path), read by each of B's keys that may. */
    private Map<String, List<Keyed>> listCases() {
        Map<String, List<Keyed>> cases = new LinkedHashMap<>();
        for (String c : TenantFixture.COLLECTIONS) {
            cases.put("GET " + V3 + "/" + c, List.of(by("tenant", Call.get("/" + c)),
                    by("datamart", Call.get("/" + c + "?since=0")), by("cluster datamart", Call.get("/" + c))));
        }
        cases.put("GET " + V3 + "/mailboxes", List.of(by("tenant", Call.get("/mailboxes")),
                by("email", Call.get("/mailboxes?since=0"))));
        cases.put("GET " + V3 + "/emails", List.of(by("tenant", Call.get("/emails")), by("email",
                Call.get("/emails?unparsable=true"))));
        cases.put("GET " + V3 + "/emails/outbound", List.of(by("tenant", Call.get("/emails/outbound")),
                by("email", Call.get("/emails/outbound?due=true"))));
        cases.put("GET " + V3 + "/tasks", List.of(by("tenant", Call.get("/tasks")), by("import",
                Call.get("/tasks?q=marker"))));
        for (String feed : List.of("/reporting/events", "/reporting/config-events")) {
            cases.put("GET " + V3 + feed, List.of(by("datamart", Call.get(feed)), by("tenant", Call.get(feed)),
                    by("cluster datamart", Call.get(feed + "?after=0&limit=10000"))));
            cases.put("GET " + V3 + feed + "/head", List.of(by("datamart", Call.get(feed + "/head")),
                    by("cluster datamart", Call.get(feed + "/head"))));
        }
        cases.put("GET " + V3 + "/tenant", List.of(by("tenant", Call.get("/tenant")),
                by("cluster datamart", Call.get("/tenant"))));
        cases.replaceAll((endpoint, calls) -> calls.stream().map(k -> new Keyed(k.role(), k.key(), k.tenantHeader(),
                k.call(), 200)).toList());
        return cases;
    }

    /**
     * Creating endpoints, with an id or natural key A already uses: B gets an object of its own, or, where the
     * body refers to one of A's objects, the refusal a missing one gets.
     */
    private Map<String, Keyed> sameKeyCases() {
        Map<String, Keyed> cases = new LinkedHashMap<>();
        Map<String, Call> own = b.ownCalls();
        for (String c : TenantFixture.COLLECTIONS) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) own.get("POST " + V3 + "/" + c)
                    .body());
            body.put("id", "twin");
            cases.put("POST " + V3 + "/" + c, expecting(by("tenant", new Call("POST", "/" + c, body)), 201));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> mailbox = new LinkedHashMap<>((Map<String, Object>) own.get("POST " + V3 + "/mailboxes")
                .body());
        mailbox.put("id", "twin");
        mailbox.put("address", "twin@example.com");
        cases.put("POST " + V3 + "/mailboxes", expecting(by("tenant", new Call("POST", "/mailboxes", mailbox)), 201));
        cases.put("POST " + V3 + "/tasks", expecting(by("tenant", new Call("POST", "/tasks", Map.of("captureId",
                "twin", "capturePointId", "twin"))), 201));
        cases.put("POST " + V3 + "/emails", expecting(by("email", new Call("POST", "/emails", Map.of(
                "mailboxId", "a-mb", "messageId", "<other@example.org>", "contentHash", "d".repeat(64),
                "subtype", "InboundNew"))), 404));
        cases.put("POST " + V3 + "/emails/outbound", expecting(by("tenant", new Call("POST", "/emails/outbound",
                Map.of("subtype", "OutboundReply", "inReplyToEmailId", a.emailId(), "textBody", "x"))), 400));
        return cases;
    }

    private static Keyed expecting(Keyed keyed, int status) {
        return new Keyed(keyed.role(), keyed.key(), keyed.tenantHeader(), keyed.call(), status);
    }

    /** B's keys that may read {@code endpoint} (RoleMatrixTest holds the whole matrix). */
    private static List<String> readers(String endpoint) {
        if (endpoint.contains("/mailboxes/") || endpoint.contains("/emails/")) {
            return endpoint.endsWith("/credentials") ? List.of("email") : List.of("tenant", "email");
        }
        if (endpoint.contains("/tasks/")) {
            return List.of("tenant", "import");
        }
        return List.of("tenant", "datamart");
    }

    private static List<String> writers(String endpoint) {
        return endpoint.endsWith("/status}") || endpoint.endsWith("/status") ? List.of("email")
                : List.of("tenant", "import");
    }

    /** Whether {@code body} names anything of A's: its marker, an id of its prefix, its items or its task. */
    private boolean leaksA(String body) {
        return body.contains("a-marker") || body.contains("\"a-") || body.contains(a.emailId())
                || body.contains(a.rawEmailId()) || body.contains(a.outboundId()) || body.contains(a.id())
                || Pattern.compile("\"(taskId|threadTaskId)\":" + a.taskId() + "[,}]|\"id\":" + a.taskId()
                        + ",\"captureId\"").matcher(body).find();
    }

    private long head(TenantFixture tenant, String feed) {
        return json.readTree(client(tenant.keys().get("datamart")).get().uri(feed + "/head").retrieve()
                .body(String.class)).get("id").asLong();
    }

    private long newest(TenantFixture tenant, String feed) {
        JsonNode events = json.readTree(client(tenant.keys().get("datamart")).get().uri(feed + "?limit=10000")
                .retrieve().body(String.class)).get("events");
        return events.get(events.size() - 1).get("id").asLong();
    }

    /** {@code body} without the path's segments and the values B sent, which a problem may quote back. */
    private static String withoutWhatWasSent(String body, Call call) {
        String rest = body;
        for (String segment : call.path().split("[/?&=]")) {
            if (segment.length() > 2) {
                rest = rest.replace(segment, "");
            }
        }
        if (call.body() instanceof Map<?, ?> sent) {
            for (Object value : sent.values()) {
                if (value instanceof String text) {
                    rest = rest.replace(text, "");
                }
            }
        }
        return rest;
    }

    /** A digest of every row of the tenant in each table that has a tenant_id column. */
    private Map<String, String> rowsOf(String tenantId) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String table : jdbc.sql("""
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_name = 'tenant_id' AND table_name <> 'audit_log'
                ORDER BY table_name""").query(String.class).list()) {
            rows.put(table, jdbc.sql("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY"
                    + " t::text)), '') FROM \"" + table + "\" t WHERE tenant_id = ?").param(tenantId)
                    .query(String.class).single());
        }
        return rows;
    }

    /** Until the sequencer has given every task and configuration event its feed position. */
    private void waitForFeeds() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            long waiting = jdbc.sql("SELECT (SELECT count(*) FROM task_event_pending)"
                    + " + (SELECT count(*) FROM config_event WHERE feed_id IS NULL)").query(Long.class).single();
            if (waiting == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task events still waiting for a feed position");
    }
}
