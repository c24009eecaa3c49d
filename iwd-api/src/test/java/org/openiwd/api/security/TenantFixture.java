package org.openiwd.api.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * A tenant with one object of every kind the API keeps (configuration of every collection, a task, a mailbox, a
 * parsed inbound item with an attachment, an unparsable one, a queued reply, an import key), and a valid request
 * for every endpoint on the tenant's own objects. Its ids start with its prefix and its names and subjects hold
 * {@code <prefix>-marker}, so a response can be searched for another tenant's data.
 *
 * @param keys the tenant's keys by role: tenant, datamart, email, import
 */
record TenantFixture(String id, String prefix, Map<String, String> keys, long taskId, long importKeyId,
        String emailId, String rawEmailId, String outboundId) {

    /** The collections of the configuration CRUD, as in the path. */
    static final List<String> COLLECTIONS = List.of("solutions", "departments", "processes", "categories",
            "capture-points", "queues", "business-calendars");

    /** A request below {@code /iwd/v3}; {@code body} null for none. */
    record Call(String method, String path, Object body) {

        static Call get(String path) {
            return new Call("GET", path, null);
        }
    }

    /** Creates the tenant through the API; {@code admin} is the admin key's client, {@code clients} makes others. */
    @SuppressWarnings("unchecked")
    static TenantFixture create(String tenantId, String prefix, RestClient admin,
            Function<String, RestClient> clients) {
        Map<String, Object> provisioned = admin.post().uri("/provisioning").body(Map.of("id", tenantId,
                "name", "Tenant " + tenantId, "timeZone", "Europe/Paris")).retrieve().body(Map.class);
        Map<String, String> keys = new HashMap<>((Map<String, String>) provisioned.get("apiKeys"));
        Map<String, Object> minted = admin.post().uri("/provisioning/{t}/keys", tenantId)
                .body(Map.of("role", "import")).retrieve().body(Map.class);
        keys.put("import", (String) minted.get("key"));
        RestClient tenant = clients.apply(keys.get("tenant"));
        RestClient email = clients.apply(keys.get("email"));
        for (String collection : COLLECTIONS) {
            created(tenant, "/" + collection, configBody(prefix, collection, prefix + "-" + singular(collection)));
        }
        long taskId = ((Number) ok(tenant.post().uri("/tasks").body(Map.of("captureId", prefix + "-task",
                "capturePointId", prefix + "-capture-point", "processId", prefix + "-process",
                "subject", prefix + "-marker task")).retrieve().toEntity(Map.class)).get("id")).longValue();
        created(tenant, "/mailboxes", mailboxBody(prefix, prefix + "-mb"));
        Map<String, Object> parsed = new HashMap<>(Map.of("mailboxId", prefix + "-mb",
                "messageId", "<shared@example.org>", "contentHash", "a".repeat(64), "subtype", "InboundNew",
                "from", Map.of("address", "ann@example.org"), "subject", prefix + "-marker mail",
                "textBody", prefix + "-marker"));
        parsed.put("attachments", List.of(Map.of("fileName", prefix + "-marker.txt", "contentType", "text/plain",
                "size", 2, "content", base64("hi"))));
        Map<?, ?> submitted = ok(email.post().uri("/emails").body(parsed).retrieve().toEntity(Map.class));
        if (!Boolean.TRUE.equals(submitted.get("created"))) {
            throw new IllegalStateException("the same Message-ID in another tenant is another item: " + submitted);
        }
        Map<?, ?> raw = ok(email.post().uri("/emails").body(Map.of("mailboxId", prefix + "-mb",
                "contentHash", "b".repeat(64), "unparsable", true, "unparsableReason", prefix + "-marker",
                "rawSource", base64("From: " + prefix + "-marker\r\n\r\n--y"))).retrieve().toEntity(Map.class));
        Map<?, ?> outbound = ok(tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "inReplyToEmailId", submitted.get("id"), "textBody", prefix + "-marker reply")).retrieve()
                .toEntity(Map.class));
        return new TenantFixture(tenantId, prefix, keys, taskId, ((Number) minted.get("id")).longValue(),
                (String) submitted.get("id"), (String) raw.get("id"), (String) outbound.get("id"));
    }

    /** Creates, for another tenant's sake, objects of every kind with the id {@code twin}, and a task so captured. */
    static void twins(RestClient tenant, String prefix) {
        for (String collection : COLLECTIONS) {
            created(tenant, "/" + collection, configBody(prefix, collection, "twin"));
        }
        created(tenant, "/mailboxes", mailboxBody(prefix, "twin"));
        created(tenant, "/tasks", Map.of("captureId", "twin", "capturePointId", "twin"));
    }

    /**
     * A valid request for every endpoint on this tenant's own objects, by endpoint as {@code ApiEndpoints} writes
     * it. Writes name objects that exist (so a refusal is not a 404) and create objects that do not.
     */
    Map<String, Call> ownCalls() {
        Map<String, Call> calls = new LinkedHashMap<>();
        String v3 = "/iwd/v3";
        calls.put("POST " + v3 + "/provisioning", new Call("POST", "/provisioning", Map.of("id", prefix + "-new",
                "name", "New", "timeZone", "UTC")));
        calls.put("PUT " + v3 + "/provisioning", new Call("PUT", "/provisioning", Map.of("id", id,
                "name", "Renamed", "timeZone", "UTC")));
        calls.put("GET " + v3 + "/provisioning", Call.get("/provisioning"));
        calls.put("DELETE " + v3 + "/provisioning/{tenantId}", new Call("DELETE", "/provisioning/" + id, null));
        calls.put("POST " + v3 + "/provisioning/{tenantId}/keys", new Call("POST", "/provisioning/" + id + "/keys",
                Map.of("role", "import")));
        calls.put("GET " + v3 + "/provisioning/{tenantId}/keys", Call.get("/provisioning/" + id + "/keys"));
        calls.put("DELETE " + v3 + "/provisioning/{tenantId}/keys/{keyId}",
                new Call("DELETE", "/provisioning/" + id + "/keys/" + importKeyId, null));
        calls.put("POST " + v3 + "/provisioning/{tenantId}/search-index/rebuild",
                new Call("POST", "/provisioning/" + id + "/search-index/rebuild", null));
        calls.put("GET " + v3 + "/provisioning/audit", Call.get("/provisioning/audit?tenantId=" + id));
        calls.put("GET " + v3 + "/tenant", Call.get("/tenant"));
        for (String c : COLLECTIONS) {
            String own = prefix + "-" + singular(c);
            calls.put("POST " + v3 + "/" + c, new Call("POST", "/" + c, configBody(prefix, c, prefix + "-more")));
            calls.put("GET " + v3 + "/" + c, Call.get("/" + c));
            calls.put("GET " + v3 + "/" + c + "/{id}", Call.get("/" + c + "/" + own));
            calls.put("PUT " + v3 + "/" + c + "/{id}", new Call("PUT", "/" + c + "/" + own,
                    configBody(prefix, c, own)));
            calls.put("DELETE " + v3 + "/" + c + "/{id}", new Call("DELETE", "/" + c + "/" + own, null));
        }
        String mb = "/mailboxes/" + prefix + "-mb";
        calls.put("POST " + v3 + "/mailboxes", new Call("POST", "/mailboxes", mailboxBody(prefix, prefix + "-mb2")));
        calls.put("GET " + v3 + "/mailboxes", Call.get("/mailboxes"));
        calls.put("GET " + v3 + "/mailboxes/{id}", Call.get(mb));
        calls.put("PUT " + v3 + "/mailboxes/{id}", new Call("PUT", mb, mailboxBody(prefix, prefix + "-mb")));
        calls.put("DELETE " + v3 + "/mailboxes/{id}", new Call("DELETE", mb, null));
        calls.put("GET " + v3 + "/mailboxes/{id}/credentials", Call.get(mb + "/credentials"));
        calls.put("PUT " + v3 + "/mailboxes/{id}/status", new Call("PUT", mb + "/status",
                Map.of("inbound", Map.of("state", "connected"))));
        calls.put("POST " + v3 + "/emails", new Call("POST", "/emails", Map.of("mailboxId", prefix + "-mb",
                "messageId", "<more@example.org>", "contentHash", "c".repeat(64), "subtype", "InboundNew",
                "subject", "More")));
        calls.put("GET " + v3 + "/emails", Call.get("/emails"));
        calls.put("GET " + v3 + "/emails/{id}", Call.get("/emails/" + emailId));
        calls.put("GET " + v3 + "/emails/{id}/attachments/{index}", Call.get("/emails/" + emailId + "/attachments/0"));
        calls.put("GET " + v3 + "/emails/{id}/raw", Call.get("/emails/" + rawEmailId + "/raw"));
        calls.put("POST " + v3 + "/emails/outbound", new Call("POST", "/emails/outbound", Map.of(
                "subtype", "OutboundReply", "inReplyToEmailId", emailId, "textBody", "More")));
        calls.put("GET " + v3 + "/emails/outbound", Call.get("/emails/outbound"));
        calls.put("GET " + v3 + "/emails/outbound/{id}", Call.get("/emails/outbound/" + outboundId));
        calls.put("PUT " + v3 + "/emails/outbound/{id}/status", new Call("PUT", "/emails/outbound/" + outboundId
                + "/status", Map.of("status", "sent")));
        calls.put("GET " + v3 + "/reporting/events", Call.get("/reporting/events"));
        calls.put("GET " + v3 + "/reporting/events/head", Call.get("/reporting/events/head"));
        calls.put("GET " + v3 + "/reporting/config-events", Call.get("/reporting/config-events"));
        calls.put("GET " + v3 + "/reporting/config-events/head", Call.get("/reporting/config-events/head"));
        calls.put("POST " + v3 + "/tasks", new Call("POST", "/tasks", Map.of("captureId", prefix + "-more",
                "capturePointId", prefix + "-capture-point")));
        calls.put("GET " + v3 + "/tasks", Call.get("/tasks"));
        calls.put("GET " + v3 + "/tasks/{id}", Call.get("/tasks/" + taskId));
        calls.put("PATCH " + v3 + "/tasks/{id}", new Call("PATCH", "/tasks/" + taskId, Map.of("priority", 2)));
        calls.put("GET " + v3 + "/tasks/{id}/history", Call.get("/tasks/" + taskId + "/history"));
        calls.put("POST " + v3 + "/tasks/{id}/{action}", new Call("POST", "/tasks/" + taskId + "/hold",
                Map.of("reason", "x")));
        calls.put("POST " + v3 + "/capture-points/{capturePointId}/tasks/{captureId}/{action}", new Call("POST",
                "/capture-points/" + prefix + "-capture-point/tasks/" + prefix + "-task/hold", Map.of("reason", "x")));
        return calls;
    }

    /** Sends {@code call} with {@code key}, naming {@code tenantHeader} in x-iwd-tenant unless null. */
    static ResponseEntity<String> send(RestClient client, String tenantHeader, Call call) {
        RestClient.RequestBodySpec request = client.method(HttpMethod.valueOf(call.method())).uri(call.path());
        if (tenantHeader != null) {
            request.header("x-iwd-tenant", tenantHeader);
        }
        if (call.body() != null) {
            request.body(call.body());
        }
        return request.retrieve().toEntity(String.class);
    }

    static String singular(String collection) {
        return switch (collection) {
            case "categories" -> "category";
            case "processes" -> "process";
            default -> collection.substring(0, collection.length() - 1);
        };
    }

    private static Map<String, Object> configBody(String prefix, String collection, String id) {
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "name", prefix + "-marker " + id));
        switch (collection) {
            case "departments" -> body.put("parentId", prefix + "-solution");
            case "processes" -> body.put("parentId", prefix + "-department");
            case "business-calendars" -> body.put("settings", Map.of("timeZone", "Europe/Paris", "weeklyHours",
                    Map.of("MONDAY", List.of(Map.of("from", "08:00", "to", "18:00")))));
            default -> { }
        }
        return body;
    }

    private static Map<String, Object> mailboxBody(String prefix, String id) {
        return Map.of("id", id, "name", prefix + "-marker mailbox " + id, "type", "imap",
                "address", id + "@example.com",
                "inbound", Map.of("host", "imap.example.com", "user", id, "password", "secret"),
                "outbound", Map.of("host", "smtp.example.com", "user", id, "password", "secret"));
    }

    private static void created(RestClient tenant, String path, Object body) {
        ok(tenant.post().uri(path).body(body).retrieve().toEntity(Map.class));
    }

    private static Map<?, ?> ok(ResponseEntity<Map> response) {
        if (!response.getStatusCode().is2xxSuccessful()) {
            throw new IllegalStateException("setup failed: " + response.getStatusCode() + " " + response.getBody());
        }
        return response.getBody();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
