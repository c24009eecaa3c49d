package org.openiwd.api.web;

import static org.openiwd.api.web.MalformedBodies.ACTION;
import static org.openiwd.api.web.MalformedBodies.CALENDAR_CONFIG;
import static org.openiwd.api.web.MalformedBodies.CONFIG;
import static org.openiwd.api.web.MalformedBodies.CREATE_TASK;
import static org.openiwd.api.web.MalformedBodies.KEY;
import static org.openiwd.api.web.MalformedBodies.PATCH_TASK;
import static org.openiwd.api.web.MalformedBodies.TENANT;
import static org.openiwd.api.web.MalformedBodies.json;
import static org.openiwd.api.web.MalformedBodies.letters;
import static org.openiwd.api.web.MalformedBodies.none;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.openiwd.api.web.FuzzJson.Obj;
import org.openiwd.api.web.MalformedBodies.Body;
import org.openiwd.api.web.MalformedBodies.Field;

/**
 * Draws malformed requests for every endpoint of the API from a seeded {@link Random}. Each request is invalid by
 * construction: a body made invalid by {@link MalformedBodies}, a bad path id, query parameter or header, a
 * missing or wrong key, a wrong method, a body over the size limit. Everything else in it is valid
 * and aims at objects where the request would succeed, so that a mutation the API fails to notice shows up as a
 * 2xx and a change in the database.
 */
final class MalformedRequests {

    /**
     * What the requests aim at: the keys and the objects of the valid setup.
     *
     * @param openTaskId a Queued task: every action but resume would apply
     * @param heldTaskId a Held task: resume would apply
     * @param otherTenantTaskId a task of another tenant: must stay invisible
     * @param keys the tenant's keys of the other roles, and the cluster keys
     * @param emails the tenant's mailbox, inbound items and outbound item
     * @param otherEmails the same objects of the other tenant: must stay invisible
     * @param otherKeyId a key of the other tenant
     */
    record Target(String tenantKey, String adminKey, String tenantId, long openTaskId, long heldTaskId,
            long otherTenantTaskId, String capturePoint, String openCaptureId, String heldCaptureId,
            long maxRequestBytes, Keys keys, Emails emails, Emails otherEmails, String otherTenantId,
            long otherKeyId) {
    }

    /** Keys besides the tenant and admin ones; {@code ownKeyId} is one of the tenant's keys, never revoked. */
    record Keys(String email, String datamart, String importKey, String clusterDatamart, String clusterEmail,
            long ownKeyId) {
    }

    /**
     * @param emailId a parsed inbound item with one attachment (index 0)
     * @param rawEmailId an unparsable inbound item, its raw source kept
     * @param outboundId a queued outbound item
     */
    record Emails(String mailboxId, String emailId, String rawEmailId, String outboundId) {
    }

    private static final List<String> ACTIONS =
            List.of("assign", "transfer", "complete", "cancel", "reject", "hold", "resume", "restart");

    /** Collections, each with the object the setup made and the parent a new object of it takes. */
    private static final List<String[]> COLLECTIONS = List.of(
            new String[] {"solutions", "sol", null}, new String[] {"departments", "dept", "sol"},
            new String[] {"processes", "p", "dept"}, new String[] {"categories", "cat", "cat"},
            new String[] {"capture-points", "cp", null}, new String[] {"queues", "q", null},
            new String[] {"business-calendars", "cal", null});

    private static final List<String> BAD_TASK_IDS = List.of("abc", "1.5", "1e3", "0x1F", "-1", "0",
            "99999999999999999999", "9223372036854775808", "-9223372036854775809", "%20", "%00", "1%00", "%E2%82%AC",
            "%C0%AF", "%FF", "..", "%2e%2e", "1%2F2", "NaN", "null", "true", "999999999", "1_000", "1,2", "%2B%2B1");

    private static final List<String> BAD_OBJECT_IDS = List.of("a%20b", "%00", "a%00b", "%E2%82%AC", "..", "%2e%2e",
            "a%2Fb", "%FF", "nope", "x".repeat(65), "%C0%AF", "a%3Bb", "%25", "%09", "a%0Ab");

    private static final List<String> BAD_ACTIONS = List.of("ASSIGN", "Assign", "assign%20", "delete", "unknown",
            "assign.json", "%00", "..", "complete%2Fx", "%E2%82%AC", "assign%3B", "x".repeat(300), "restart%00");

    private final Random random;
    private final Target target;
    private final MalformedBodies bodies;
    private final MalformedEmailRequests emails;
    private final MalformedAccessRequests access;
    private int sequence;

    MalformedRequests(Random random, Target target) {
        this.random = random;
        this.target = target;
        this.bodies = new MalformedBodies(random);
        this.emails = new MalformedEmailRequests(this, random, bodies, target);
        this.access = new MalformedAccessRequests(this, random, target);
    }

    FuzzRequest next() {
        int family = random.nextInt(100);
        FuzzRequest request;
        if (family < 12) {
            request = createTask();
        }
        else if (family < 19) {
            request = patchTask();
        }
        else if (family < 27) {
            request = act(false);
        }
        else if (family < 31) {
            request = act(true);
        }
        else if (family < 41) {
            request = configWrite();
        }
        else if (family < 46) {
            request = configPath();
        }
        else if (family < 50) {
            request = configList();
        }
        else if (family < 57) {
            request = provisioning();
        }
        else if (family < 61) {
            request = feed();
        }
        else if (family < 65) {
            request = taskPath();
        }
        else if (family < 72) {
            request = access.search();
        }
        else if (family < 79) {
            request = emails.mailbox();
        }
        else if (family < 84) {
            request = emails.inbound();
        }
        else if (family < 89) {
            request = emails.outbound();
        }
        else if (family < 92) {
            request = access.tenantScope();
        }
        else if (family < 97) {
            request = random.nextBoolean() ? misc() : access.forbidden();
        }
        else {
            request = oversize();
        }
        return random.nextInt(20) == 0 ? withAccept(request) : request;
    }

    // --- endpoints ------------------------------------------------------------------------------------------------

    private FuzzRequest createTask() {
        return send("POST", "/tasks", target.tenantKey(), bodies.mutate(CREATE_TASK, createTemplate(), true));
    }

    private FuzzRequest patchTask() {
        long id = random.nextBoolean() ? target.openTaskId() : target.heldTaskId();
        if (random.nextInt(6) == 0) {
            return withHeader(send("PATCH", "/tasks/" + id, target.tenantKey(), json(patchTemplate(), "valid body")),
                    "If-Match", badIfMatch());
        }
        return send("PATCH", "/tasks/" + id, target.tenantKey(), bodies.mutate(PATCH_TASK, patchTemplate(), true));
    }

    private FuzzRequest act(boolean byCapture) {
        String action = pick(ACTIONS);
        boolean resume = action.equals("resume");
        String path = byCapture
                ? "/capture-points/" + target.capturePoint() + "/tasks/"
                        + (resume ? target.heldCaptureId() : target.openCaptureId()) + "/" + action
                : "/tasks/" + (resume ? target.heldTaskId() : target.openTaskId()) + "/" + action;
        return send("POST", path, target.tenantKey(), bodies.mutate(actionFields(action), actionTemplate(action), false));
    }

    /** The fields {@code action} takes: a value it ignores, even a bad one, makes no request invalid. */
    private static List<Field> actionFields(String action) {
        List<String> names = switch (action) {
            case "assign", "transfer" -> List.of("agentId", "queueId", "occurredAt");
            case "complete" -> List.of("resultCode", "occurredAt");
            case "cancel", "reject", "hold" -> List.of("reason", "occurredAt");
            default -> List.of("occurredAt");
        };
        return ACTION.stream().filter(f -> names.contains(f.name())).toList();
    }

    private FuzzRequest configWrite() {
        String[] c = pick(COLLECTIONS);
        List<Field> schema = c[0].equals("business-calendars") ? CALENDAR_CONFIG : CONFIG;
        if (random.nextBoolean()) {
            return send("POST", "/" + c[0], target.tenantKey(), bodies.mutate(schema, configTemplate(c, true), true));
        }
        String path = "/" + c[0] + "/" + c[1];
        if (random.nextInt(6) == 0) {
            return withHeader(send("PUT", path, target.tenantKey(), json(configTemplate(c, false), "valid body")),
                    "If-Match", badIfMatch());
        }
        Obj template = configTemplate(c, false);
        if (random.nextInt(8) == 0) {
            return send("PUT", path, target.tenantKey(),
                    json(template.with("id", c[1] + "-other"), "body id differs from the path's"));
        }
        return send("PUT", path, target.tenantKey(), bodies.mutate(schema, template, true));
    }

    private FuzzRequest configPath() {
        String[] c = pick(COLLECTIONS);
        String id = pick(BAD_OBJECT_IDS);
        return switch (random.nextInt(5)) {
            case 0 -> send("GET", "/" + c[0] + "/" + id, target.tenantKey(), none("bad id in path"));
            case 1 -> send("DELETE", "/" + c[0] + "/" + id, target.tenantKey(), none("bad id in path"));
            case 2 -> send("PUT", "/" + c[0] + "/" + id, target.tenantKey(),
                    json(configTemplate(c, false).without("id"), "valid body, bad id in path"));
            case 3 -> {
                String[] parent = pick(List.of(new String[] {"solutions", "sol"}, new String[] {"departments", "dept"}));
                yield send("DELETE", "/" + parent[0] + "/" + parent[1], target.tenantKey(),
                        none("retire an object that has live children"));
            }
            default -> send("GET", "/" + pick(List.of("solution", "Solutions", "mailboxes2", "processes%00", "%2e%2e"))
                    + "/" + c[1], target.tenantKey(), none("unknown collection"));
        };
    }

    private FuzzRequest configList() {
        String[] c = pick(COLLECTIONS);
        String query = switch (random.nextInt(3)) {
            case 0 -> "limit=" + pick(List.of("abc", "0", "-1", "1001", "99999999999", "1.5", "1e2", "%00", "%20",
                    "NaN", "1%2C2"));
            case 1 -> "since=" + pick(List.of("-1", "abc", "9223372036854775808", "1.5", "%00", "-9223372036854775808",
                    "1e3", "true"));
            default -> "after=" + pick(List.of("%00", "a%00b", "%00%00")) + "&limit=" + (1 + random.nextInt(50));
        };
        return send("GET", "/" + c[0] + "?" + query, target.tenantKey(), none("bad query parameter"));
    }

    private FuzzRequest provisioning() {
        String badTenant = pick(List.of("nope", "a%20b", "%00", "x".repeat(40), "..", "%2e%2e", "%E2%82%AC", "a.b"));
        return switch (random.nextInt(11)) {
            case 10 -> send("GET", "/provisioning/audit?" + pick(List.of("limit=0", "limit=1001", "limit=x",
                    "after=-1", "after=x", "from=yesterday", "from=2026-11-30T10:00:00", "to=2026-13-01T00:00:00Z",
                    "tenantId=a%20b", "tenantId=" + "x".repeat(40), "tenantId=%00")), target.adminKey(),
                    none("bad audit query"));
            case 0, 1 -> send("POST", "/provisioning", target.adminKey(),
                    bodies.mutate(TENANT, Obj.of("id", "fz-" + unique(), "name", "Fuzz " + unique(), "timeZone", "Europe/Paris"),
                            true));
            case 2 -> send("PUT", "/provisioning", target.adminKey(),
                    bodies.mutate(TENANT, Obj.of("id", target.tenantId(), "name", "Renamed " + unique(), "timeZone", "UTC"),
                            true));
            case 3 -> send("POST", "/provisioning/" + target.tenantId() + "/keys", target.adminKey(),
                    bodies.mutate(KEY, Obj.of("role", pick(List.of("tenant", "datamart", "email", "import"))), true));
            case 4 -> send("POST", "/provisioning/" + badTenant + "/keys", target.adminKey(),
                    json(Obj.of("role", "import"), "unknown tenant"));
            case 5 -> send("GET", "/provisioning/" + badTenant + "/keys", target.adminKey(),
                    none("keys of an unknown or malformed tenant id"));
            case 6 -> revokeKey();
            case 7 -> send("POST", "/provisioning/" + badTenant + "/search-index/rebuild", target.adminKey(),
                    none("rebuild the index of an unknown or malformed tenant id"));
            case 8 -> notTheAdmin();
            default -> send("DELETE", "/provisioning/" + badTenant, target.adminKey(),
                    none("unknown or malformed tenant id"));
        };
    }

    /** Provisioning, with a valid body, by a key that is not the admin's: 403 (cluster keys may only list). */
    private FuzzRequest notTheAdmin() {
        String cluster = pick(List.of(target.keys().clusterEmail(), target.keys().clusterDatamart()));
        String any = pick(List.of(cluster, target.keys().datamart(), target.keys().importKey(), target.tenantKey()));
        FuzzRequest request = switch (random.nextInt(7)) {
            case 6 -> send("GET", "/provisioning/audit", any, none("not the admin's key"));
            case 0 -> send("GET", "/provisioning", pick(List.of(target.keys().datamart(), target.keys().email(),
                    target.tenantKey())), none("a tenant key lists the tenants"));
            case 1 -> send("GET", "/provisioning/" + target.tenantId() + "/keys", any, none("not the admin's key"));
            case 2 -> send("POST", "/provisioning/" + target.tenantId() + "/keys", any,
                    json(Obj.of("role", "import"), "not the admin's key"));
            case 3 -> send("POST", "/provisioning", cluster, json(Obj.of("id", "fz-" + unique(), "name", "x",
                    "timeZone", "UTC"), "a cluster key provisions"));
            case 4 -> send("DELETE", "/provisioning/" + target.tenantId() + "/keys/" + target.keys().ownKeyId(), any,
                    none("not the admin's key"));
            default -> send("POST", "/provisioning/" + target.tenantId() + "/search-index/rebuild", any,
                    none("not the admin's key"));
        };
        return request.expecting(403);
    }

    /** A key id that is malformed, unknown, or another tenant's (404: keys are revoked through their tenant). */
    private FuzzRequest revokeKey() {
        if (random.nextBoolean()) {
            return send("DELETE", "/provisioning/" + target.tenantId() + "/keys/" + target.otherKeyId(),
                    target.adminKey(), none("another tenant's key")).expecting(404);
        }
        String id = pick(List.of("abc", "1.5", "-1", "0", "99999999999", "9223372036854775808", "%00", "%20", "1e3"));
        String tenant = random.nextInt(3) == 0 ? pick(List.of("nope", "a%20b", "%00")) : target.tenantId();
        if (random.nextInt(4) == 0) {
            return send("DELETE", "/provisioning/" + target.otherTenantId() + "/keys/" + target.keys().ownKeyId(),
                    target.adminKey(), none("a key under a tenant it is not of")).expecting(404);
        }
        return send("DELETE", "/provisioning/" + tenant + "/keys/" + id, target.adminKey(), none("bad key id"));
    }

    private FuzzRequest feed() {
        String feed = random.nextBoolean() ? "/reporting/events" : "/reporting/config-events";
        String query = random.nextBoolean()
                ? "after=" + pick(List.of("-1", "abc", "1.5", "9223372036854775808", "-9223372036854775809", "1e3",
                        "%00", "NaN", "1%201"))
                : "limit=" + pick(List.of("0", "-1", "10001", "abc", "99999999999", "1.5", "%00", "2147483648"));
        if (random.nextBoolean()) {
            query = query.startsWith("after=") ? query + "&limit=10" : "after=0&" + query;
        }
        return send("GET", feed + "?" + query, target.tenantKey(), none("bad feed query"));
    }

    private FuzzRequest taskPath() {
        boolean others = random.nextInt(4) == 0;
        String id = others ? String.valueOf(target.otherTenantTaskId()) : pick(BAD_TASK_IDS);
        FuzzRequest request = switch (random.nextInt(6)) {
            case 0 -> send("GET", "/tasks/" + id, target.tenantKey(), none("bad task id"));
            case 1 -> send("GET", "/tasks/" + id + "/history", target.tenantKey(), none("bad task id"));
            case 2 -> send("PATCH", "/tasks/" + id, target.tenantKey(), json(patchTemplate(), "valid body, bad id"));
            case 3 -> send("POST", "/tasks/" + id + "/" + pick(ACTIONS), target.tenantKey(), none("bad task id"));
            case 4 -> {
                others = false;
                yield send("POST", "/tasks/" + target.openTaskId() + "/" + pick(BAD_ACTIONS), target.tenantKey(),
                        json(Obj.of("reason", "x"), "unknown action"));
            }
            default -> {
                others = false;
                yield send("POST", "/capture-points/" + pick(List.of("nope", "a%20b", "%00", target.capturePoint()))
                        + "/tasks/" + pick(List.of("nope", "%00", "a%20b", "x".repeat(200), "%E2%82%AC", "theirs"))
                        + "/" + pick(ACTIONS), target.tenantKey(), none("unknown capture point or capture id"));
            }
        };
        // Another tenant's task is answered as if it did not exist: exactly 404, never 403 or 409.
        return others ? request.expecting(404) : request;
    }

    private FuzzRequest misc() {
        Body body = json(createTemplate(), "valid body");
        return switch (random.nextInt(8)) {
            case 0 -> send("POST", "/tasks", null, body).expecting(401);
            case 7 -> send("GET", random.nextBoolean() ? "/solutions?after=" + letters('u', 9_000 + random.nextInt(4_000))
                    : "/tasks/" + letters('1', 9_000), target.tenantKey(), none("URL over 8KB")).expecting(400);
            case 1 -> send("POST", "/tasks", pick(List.of("wrong", "x".repeat(300), "%00", "Bearer abc")), body)
                    .expecting(401);
            case 2 -> send("POST", "/tasks", target.adminKey(), body).expecting(403);
            case 3 -> send("POST", "/provisioning", target.tenantKey(),
                    json(Obj.of("id", "fz-" + unique(), "name", "x", "timeZone", "UTC"), "tenant key provisions"))
                    .expecting(403);
            case 4 -> send(pick(List.of("PUT", "DELETE")), "/tasks", target.tenantKey(), body).expecting(405);
            case 5 -> send(pick(List.of("PATCH", "POST")), "/solutions/sol", target.tenantKey(),
                    json(Obj.of("name", "x"), "wrong method")).expecting(405);
            default -> send("GET", pick(List.of("/nothing-here", "/tasks/1/2/3/4", "/reporting", "/reporting/events/x")),
                    target.tenantKey(), none("no such resource")).expecting(404);
        };
    }

    /** A body one to twenty per cent over the limit, by Content-Length or chunked; refused before any parsing. */
    private FuzzRequest oversize() {
        if (random.nextInt(4) == 0) {
            return oversizeForm();
        }
        long size = target.maxRequestBytes() + 1 + random.nextLong(target.maxRequestBytes() / 5);
        String prefix = "{\"captureId\":\"fz-" + unique() + "\",\"subject\":\"";
        byte[] bytes = new byte[(int) size];
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        java.util.Arrays.fill(bytes, (byte) 'a');
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[bytes.length - 2] = '"';
        bytes[bytes.length - 1] = '}';
        boolean chunked = random.nextBoolean();
        String contentType = random.nextInt(5) == 0 ? "text/plain" : "application/json";
        String key = random.nextInt(5) == 0 ? null : target.tenantKey();
        String[] endpoint = pick(List.of(new String[] {"POST", "/tasks"},
                new String[] {"PATCH", "/tasks/" + target.openTaskId()},
                new String[] {"POST", "/tasks/" + target.openTaskId() + "/cancel"},
                new String[] {"PUT", "/queues/q"}, new String[] {"POST", "/solutions"},
                new String[] {"POST", "/provisioning"}));
        // A chunked body's size shows only as it is read: refused without reading it, it is no 413.
        int expected = !chunked ? 413 : key == null ? 401 : contentType.equals("text/plain") ? 415 : 413;
        Body body = new Body(bytes, contentType, (chunked ? "chunked " : "") + "body over the limit"
                + (key == null ? ", no key" : ""), expected);
        FuzzRequest request = send(endpoint[0], endpoint[1], key, body);
        return new FuzzRequest(request.method(), request.path(), request.headers(), bytes, chunked, expected,
                request.mutation());
    }

    /**
     * A form over the limit, by up to 80 per cent. Servlet containers read forms themselves; a chunked multipart
     * body is never read at all, as the API takes no multipart: 415.
     */
    private FuzzRequest oversizeForm() {
        int size = (int) (target.maxRequestBytes() + 1 + random.nextLong(target.maxRequestBytes() * 4 / 5));
        boolean multipart = random.nextInt(3) == 0;
        byte[] bytes = (multipart ? "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" : "a=")
                .concat("x".repeat(size)).getBytes(StandardCharsets.UTF_8);
        boolean chunked = random.nextBoolean();
        String[] endpoint = pick(List.of(new String[] {"POST", "/tasks"}, new String[] {"PUT", "/queues/q"},
                new String[] {"PATCH", "/tasks/" + target.openTaskId()}));
        Body body = new Body(bytes, multipart ? "multipart/form-data; boundary=x" : "application/x-www-form-urlencoded",
                (chunked ? "chunked " : "") + (multipart ? "multipart" : "form") + " over the limit",
                chunked && multipart ? 415 : 413);
        FuzzRequest request = send(endpoint[0], endpoint[1], target.tenantKey(), body);
        return new FuzzRequest(request.method(), request.path(), request.headers(), bytes, chunked,
                request.expectedStatus(), request.mutation());
    }

    // --- templates: valid bodies that would succeed ---------------------------------------------------------------

    private Obj createTemplate() {
        return Obj.of("captureId", "fz-" + unique(), "capturePointId", target.capturePoint(), "solutionId", "sol",
                "departmentId", "dept", "processId", "p", "categoryId", "cat", "queueId", "q", "mediaType", "email",
                "priority", 3, "businessValue", 10, "dueAt", "2030-01-01T10:00:00Z", "subject", "Fuzz",
                "description", "A task", "customer", Obj.of("name", "Ann"),
                "attributes", Obj.of("region", "north", "amount", 10));
    }

    private Obj patchTemplate() {
        return Obj.of("priority", 4, "subject", "Changed " + unique(), "attributes", Obj.of("region", "south"));
    }

    private static Obj actionTemplate(String action) {
        return switch (action) {
            case "assign" -> Obj.of("agentId", "agent-1");
            case "transfer" -> Obj.of("queueId", "q");
            case "complete" -> Obj.of("resultCode", "done");
            case "cancel", "reject", "hold" -> Obj.of("reason", "why");
            default -> Obj.of();
        };
    }

    private Obj configTemplate(String[] collection, boolean create) {
        String id = create ? "fz-" + unique() : collection[1];
        Obj body = Obj.of("id", id, "name", "Fuzz " + unique());
        // Categories nest: a new one goes under the setup's, which itself stays at the top.
        if (collection[2] != null && (create || !collection[0].equals("categories"))) {
            body = body.with("parentId", collection[2]);
        }
        if (collection[0].equals("business-calendars")) {
            body = body.with("settings", Obj.of("timeZone", "Europe/Paris", "weeklyHours",
                    Obj.of("MONDAY", List.of(Obj.of("from", "08:00", "to", "18:00")))));
        }
        else if (collection[0].equals("queues")) {
            body = body.with("settings", Obj.of("skill", "x"));
        }
        return body;
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    String badIfMatch() {
        return pick(List.of("abc", "\"abc\"", "\"1\", \"2\"", "\"99999999999\"", "W/", "\"\"", "W/\"\"", "1.5",
                "\"1.5\"", "W/\"x\"", "\"0x10\"", "'1'"));
    }

    FuzzRequest send(String method, String path, String key, Body body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (key != null) {
            headers.put("x-api-key", key);
        }
        if (body.contentType() != null) {
            headers.put("Content-Type", body.contentType());
        }
        return new FuzzRequest(method, path, headers, body.bytes(), false, body.expectedStatus(), body.mutation());
    }

    static FuzzRequest withHeader(FuzzRequest request, String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put(name, value);
        return new FuzzRequest(request.method(), request.path(), headers, request.body(), request.chunked(),
                request.expectedStatus(), name + ": " + value);
    }

    private FuzzRequest withAccept(FuzzRequest request) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put("Accept", pick(List.of("application/xml", "text/html", "image/png", "text/plain")));
        return new FuzzRequest(request.method(), request.path(), headers, request.body(), request.chunked(),
                request.expectedStatus(), request.mutation() + ", with an Accept the API cannot produce");
    }

    int unique() {
        return ++sequence;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
