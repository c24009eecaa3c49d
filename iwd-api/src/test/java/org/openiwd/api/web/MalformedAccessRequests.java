package org.openiwd.api.web;

import static org.openiwd.api.web.MalformedBodies.json;
import static org.openiwd.api.web.MalformedBodies.none;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.openiwd.api.web.FuzzJson.Obj;
import org.openiwd.api.web.MalformedRequests.Target;

/**
 * The malformed requests of {@link MalformedRequests} for the task search's parameters, the endpoints that name no
 * object (the own tenant, the feeds' heads), the cluster keys' {@code x-iwd-tenant}, and keys of a role the
 * endpoint refuses.
 */
final class MalformedAccessRequests {

    /** One bad search parameter each, as it goes on the wire (a '+' in a time is a space once decoded). */
    private static final List<String> BAD_SEARCH = List.of("status=Bogus", "status=queued", "status=Queued,",
            "status=", "status=Queued,%00", "queueId=a%20b", "queueId=" + "q".repeat(65), "queueId=", "agentId=a/b",
            "departmentId=%E2%82%AC", "processId=a,,b", "capturePointId=%00", "categoryId=a%23b", "solutionId=%3Cx%3E",
            "mediaType=a%3Bb", "priorityMin=abc", "priorityMax=1.5", "priorityMin=99999999999", "priorityMax=",
            "priorityMin=1&priorityMin=2", "dueAfter=2024-01-01T10:00:00", "dueBefore=garbage",
            "createdAfter=2024-13-01T00:00:00Z", "createdBefore=2024-01-01T10:00:00+01:00", "dueAfter=",
            "dueBefore=2024-02-30T10:00:00Z", "overdue=yes", "overdue=TRUE", "overdue=", "sort=status",
            "sort=Priority", "sort=", "order=up", "order=DESC", "limit=0", "limit=201", "limit=abc", "limit=-1",
            "limit=1.5", "limit=1&limit=2", "cursor=garbage", "cursor=%00", "cursor=", "cursor=eyJ4IjoxfQ",
            "attr.=x", "attr.a%20b=1", "attr.a.b=1", "attr.x=" + "v".repeat(1001), "attr." + "k".repeat(65) + "=1",
            "q=%21%21", "q=" + thirtyThreeWords(), "q=" + "a".repeat(1001), "q=", "bogus=1", "Status=Queued",
            "queue=q", "page=2");

    /** More words than a search takes, each another (a repeated word counts once). */
    private static String thirtyThreeWords() {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            words.append(i == 0 ? "" : "%20").append("w").append(i);
        }
        return words.toString();
    }

    private final MalformedRequests requests;
    private final Random random;
    private final Target target;

    MalformedAccessRequests(MalformedRequests requests, Random random, Target target) {
        this.requests = requests;
        this.random = random;
        this.target = target;
    }

    /** {@code GET /tasks} with one bad parameter among valid ones, by a tenant or import key. */
    FuzzRequest search() {
        List<String> params = new ArrayList<>(List.of(pick(BAD_SEARCH)));
        for (int i = random.nextInt(3); i > 0; i--) {
            params.add(random.nextInt(params.size() + 1), pick(List.of("status=Queued", "queueId=q",
                    "priorityMin=1", "sort=priority", "order=desc", "limit=10", "q=fuzz", "attr.region=north",
                    "dueAfter=2024-01-01T00:00:00Z", "overdue=false")));
        }
        String key = pick(List.of(target.tenantKey(), target.keys().importKey()));
        return send("GET", "/tasks?" + String.join("&", params), key, none("bad search parameter"));
    }

    /**
     * The own tenant and the feeds' heads, which name no object: only a wrong key, a refused role or a cluster
     * key's {@code x-iwd-tenant} can be wrong. Also the feeds through a cluster key.
     */
    FuzzRequest tenantScope() {
        String path = pick(List.of("/tenant", "/reporting/events/head", "/reporting/config-events/head",
                "/reporting/events", "/reporting/config-events"));
        String cluster = path.equals("/tenant") ? pick(List.of(target.keys().clusterDatamart(),
                target.keys().clusterEmail())) : target.keys().clusterDatamart();
        return switch (random.nextInt(6)) {
            case 0 -> send("GET", path, null, none("no key")).expecting(401);
            case 1 -> send("GET", path, pick(List.of("wrong", "x".repeat(201), target.tenantKey() + "x", " ")),
                    none("unknown key")).expecting(401);
            case 2 -> send("GET", path, cluster, none("a cluster key without x-iwd-tenant")).expecting(400);
            case 3 -> MalformedRequests.withHeader(send("GET", path, cluster, none("a cluster key")), "x-iwd-tenant",
                    pick(List.of("nope", "a b", "a/b", "x".repeat(33), "FUZZ", "..", "%00", "fuzz,other")))
                    .expecting(404);
            case 4 -> send("GET", path, target.adminKey(), none("the admin acts on no tenant")).expecting(403);
            default -> path.equals("/tenant") ? send("GET", path, target.adminKey(), none("the admin key"))
                    .expecting(403) : send("GET", path, target.keys().email(), none("an email key reads no feed"))
                    .expecting(403);
        };
    }

    /**
     * A valid request by a key whose role the endpoint refuses, among them the cluster keys acting on the tenant:
     * 403. The email endpoints have their own in {@link MalformedEmailRequests}.
     */
    FuzzRequest forbidden() {
        String dm = target.keys().datamart();
        String email = target.keys().email();
        String tenant = target.tenantKey();
        String clusterDm = target.keys().clusterDatamart();
        String clusterEmail = target.keys().clusterEmail();
        List<String> notWriters = List.of(dm, email, clusterDm, clusterEmail);
        long task = target.openTaskId();
        FuzzRequest request = switch (random.nextInt(9)) {
            case 0 -> send("POST", "/tasks", pick(notWriters), json(Obj.of("captureId", "fz-" + requests.unique(),
                    "capturePointId", target.capturePoint()), "valid task, a role that may not create"));
            case 1 -> send("GET", "/tasks/" + task + pick(List.of("", "/history")), pick(notWriters),
                    none("a role that may not read tasks"));
            case 2 -> send("GET", "/tasks?status=Queued", pick(notWriters), none("a role that may not search"));
            case 3 -> send("POST", "/tasks/" + task + "/hold", pick(notWriters), json(Obj.of("reason", "x"),
                    "a role that may not act"));
            case 4 -> send("PATCH", "/tasks/" + task, pick(notWriters), json(Obj.of("priority", 2),
                    "a role that may not change tasks"));
            case 5 -> send("POST", "/capture-points/" + target.capturePoint() + "/tasks/" + target.openCaptureId()
                    + "/hold", pick(notWriters), json(Obj.of("reason", "x"), "a role that may not act"));
            case 6 -> {
                boolean create = random.nextBoolean();
                yield send(create ? "POST" : "PUT", create ? "/queues" : "/queues/q",
                        pick(List.of(dm, email, clusterDm)),
                        json(Obj.of("id", "q", "name", "Queue " + requests.unique()),
                                "a role that may not change configuration"));
            }
            case 7 -> send("DELETE", "/" + pick(List.of("queues/q", "categories/cat", "capture-points/cp")),
                    pick(List.of(dm, email, clusterDm)), none("a role that may not retire configuration"));
            default -> send("GET", pick(List.of("/queues", "/solutions/sol", "/business-calendars")),
                    pick(List.of(email, clusterEmail)), none("an email key reads no configuration"));
        };
        // The cluster keys act on the tenant named in x-iwd-tenant: they are refused by role, not for a tenant.
        return request.headers().get("x-api-key").equals(clusterDm) || request.headers().get("x-api-key")
                .equals(clusterEmail) ? MalformedRequests.withHeader(request, "x-iwd-tenant", target.tenantId())
                        .expecting(403) : request.expecting(403);
    }

    private FuzzRequest send(String method, String path, String key, MalformedBodies.Body body) {
        return requests.send(method, path, key, body);
    }

    private <T> T pick(List<T> options) {
        return requests.pick(options);
    }
}
