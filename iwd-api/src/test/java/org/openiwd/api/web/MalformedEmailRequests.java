package org.openiwd.api.web;

import static org.openiwd.api.web.MalformedBodies.INBOUND_EMAIL;
import static org.openiwd.api.web.MalformedBodies.MAILBOX;
import static org.openiwd.api.web.MalformedBodies.MAILBOX_STATUS;
import static org.openiwd.api.web.MalformedBodies.OUTBOUND_EMAIL;
import static org.openiwd.api.web.MalformedBodies.OUTBOUND_FAILED;
import static org.openiwd.api.web.MalformedBodies.json;
import static org.openiwd.api.web.MalformedBodies.none;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.openiwd.api.web.FuzzJson.Obj;
import org.openiwd.api.web.MalformedRequests.Emails;
import org.openiwd.api.web.MalformedRequests.Target;

/**
 * The malformed requests of {@link MalformedRequests} for mailboxes, inbound email items and the outbound queue:
 * invalid bodies, bad or unknown ids, the other tenant's objects (exactly 404) and keys of a role the endpoint
 * refuses (exactly 403). Each valid template would succeed, with the key that may use it.
 */
final class MalformedEmailRequests {

    private static final List<String> BAD_IDS = List.of("nope", "a%20b", "%00", "a%00b", "%E2%82%AC", "..",
            "%2e%2e", "a%2Fb", "%FF", "x".repeat(300), "%C0%AF", "%25");

    private final MalformedRequests requests;
    private final Random random;
    private final MalformedBodies bodies;
    private final Target target;

    MalformedEmailRequests(MalformedRequests requests, Random random, MalformedBodies bodies, Target target) {
        this.requests = requests;
        this.random = random;
        this.bodies = bodies;
        this.target = target;
    }

    FuzzRequest mailbox() {
        String tenant = target.tenantKey();
        String email = target.keys().email();
        String own = target.emails().mailboxId();
        return switch (random.nextInt(12)) {
            case 0, 1 -> send("POST", "/mailboxes", tenant, bodies.mutate(MAILBOX, mailboxTemplate(true), true));
            case 2, 3 -> send("PUT", "/mailboxes/" + own, tenant, bodies.mutate(MAILBOX, mailboxTemplate(false), true));
            case 4 -> MalformedRequests.withHeader(send("PUT", "/mailboxes/" + own, tenant,
                    json(mailboxTemplate(false), "valid body")), "If-Match", requests.badIfMatch());
            case 5 -> send("PUT", "/mailboxes/" + own + "/status", email,
                    bodies.mutate(MAILBOX_STATUS, Obj.of("inbound", Obj.of("state", "connected"),
                            "position", Obj.of("uidValidity", 1, "lastUid", 5 + requests.unique())), true));
            case 6 -> list("/mailboxes", pick(List.of(tenant, email)), true);
            case 7 -> {
                String path = pick(List.of("", "/credentials", "/status"));
                String method = path.equals("/status") ? "PUT" : "GET";
                String key = path.isEmpty() ? tenant : email;
                yield send(method, "/mailboxes/" + pick(BAD_IDS) + path, key, path.equals("/status")
                        ? json(Obj.of("inbound", Obj.of("state", "connected")), "valid body, bad mailbox id")
                        : none("bad mailbox id"));
            }
            case 8 -> send("DELETE", "/mailboxes/" + pick(BAD_IDS), tenant, none("bad mailbox id"));
            case 9 -> others("/mailboxes/" + target.otherEmails().mailboxId(), tenant, email);
            default -> forbidden(pick(List.of(
                    new Refusal("POST", "/mailboxes", "tenant-only"),
                    new Refusal("PUT", "/mailboxes/" + own, "tenant-only"),
                    new Refusal("DELETE", "/mailboxes/" + own, "tenant-only"),
                    new Refusal("GET", "/mailboxes/" + own + "/credentials", "email-only"),
                    new Refusal("PUT", "/mailboxes/" + own + "/status", "email-only"),
                    new Refusal("GET", "/mailboxes", "readers"),
                    new Refusal("GET", "/mailboxes/" + own, "readers"))));
        };
    }

    FuzzRequest inbound() {
        String email = target.keys().email();
        String reader = pick(List.of(target.tenantKey(), email));
        Emails own = target.emails();
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> send("POST", "/emails", email, bodies.mutate(INBOUND_EMAIL, inboundTemplate(), true));
            case 3 -> list("/emails", reader, false);
            // A boolean parameter takes Spring's words (true, on, yes, 1): "maybe" is none of them.
            case 4 -> send("GET", "/emails?" + pick(List.of("unparsable=maybe", "unparsable=2", "taskId=abc",
                    "taskId=1.5", "taskId=9223372036854775808")), reader, none("bad email filter"));
            case 5 -> send("GET", "/emails/" + pick(BAD_IDS) + pick(List.of("", "/raw", "/attachments/0")), reader,
                    none("bad email id"));
            case 6 -> send("GET", "/emails/" + own.emailId() + "/attachments/" + pick(List.of("1", "-1", "abc",
                    "1.5", "99999999999", "%00", "2147483648")), reader, none("bad attachment index"));
            case 7 -> send("GET", "/emails/" + own.emailId() + "/raw", reader, none("a parsed item has no raw source"))
                    .expecting(404);
            case 8 -> {
                Emails theirs = target.otherEmails();
                yield send("GET", "/emails/" + pick(List.of(theirs.emailId(), theirs.emailId() + "/attachments/0",
                        theirs.rawEmailId() + "/raw")), reader, none("another tenant's email")).expecting(404);
            }
            default -> forbidden(pick(List.of(
                    new Refusal("POST", "/emails", "email-only"),
                    new Refusal("GET", "/emails", "readers"),
                    new Refusal("GET", "/emails/" + own.emailId(), "readers"),
                    new Refusal("GET", "/emails/" + own.emailId() + "/attachments/0", "readers"),
                    new Refusal("GET", "/emails/" + own.rawEmailId() + "/raw", "readers"))));
        };
    }

    FuzzRequest outbound() {
        String reader = pick(List.of(target.tenantKey(), target.keys().email()));
        String own = target.emails().outboundId();
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> send("POST", "/emails/outbound", reader,
                    bodies.mutate(OUTBOUND_EMAIL, outboundTemplate(), true));
            case 3, 4 -> send("PUT", "/emails/outbound/" + own + "/status", target.keys().email(),
                    bodies.mutate(OUTBOUND_FAILED, Obj.of("status", "failed", "reason", "mailbox full"), true));
            case 5 -> send("GET", "/emails/outbound?" + pick(List.of("status=bogus", "status=Sent", "status=",
                    "due=maybe", "due=2", "limit=0", "limit=1001", "limit=abc", "after=abc", "after=1.5",
                    "after=9223372036854775808", "status=%00")), reader, none("bad outbound filter"));
            case 6 -> {
                boolean status = random.nextBoolean();
                yield send(status ? "PUT" : "GET", "/emails/outbound/" + pick(BAD_IDS) + (status ? "/status" : ""),
                        status ? target.keys().email() : reader, status
                                ? json(Obj.of("status", "sent"), "valid body, bad outbound id")
                                : none("bad outbound id"));
            }
            case 7 -> {
                boolean status = random.nextBoolean();
                String theirs = "/emails/outbound/" + target.otherEmails().outboundId();
                yield (status ? send("PUT", theirs + "/status", target.keys().email(),
                        json(Obj.of("status", "sent"), "another tenant's outbound item"))
                        : send("GET", theirs, reader, none("another tenant's outbound item"))).expecting(404);
            }
            default -> forbidden(pick(List.of(
                    new Refusal("POST", "/emails/outbound", "readers"),
                    new Refusal("GET", "/emails/outbound", "readers"),
                    new Refusal("GET", "/emails/outbound/" + own, "readers"),
                    new Refusal("PUT", "/emails/outbound/" + own + "/status", "email-only"))));
        };
    }

    /**
     * A bad page size, cursor or revision. A mailbox list pages by id, so any id is a cursor there but one no id
     * can be; the email lists page by a number.
     */
    private FuzzRequest list(String path, String key, boolean byId) {
        String query = switch (random.nextInt(byId ? 3 : 2)) {
            case 0 -> "limit=" + pick(List.of("abc", "0", "-1", "1001", "99999999999", "1.5", "%00", "NaN"));
            case 1 -> "after=" + (byId ? pick(List.of("%00", "a%00b", "%00%00"))
                    : pick(List.of("%00", "abc", "1.5", "9223372036854775808"))) + "&limit=" + (1 + random.nextInt(50));
            default -> "since=" + pick(List.of("-1", "abc", "9223372036854775808", "1.5", "%00", "true"));
        };
        return send("GET", path + "?" + query, key, none("bad query parameter"));
    }

    /** The other tenant's mailbox, through each endpoint that names one: exactly 404. */
    private FuzzRequest others(String theirs, String tenant, String email) {
        FuzzRequest request = switch (random.nextInt(6)) {
            case 0 -> send("GET", theirs, pick(List.of(tenant, email)), none("another tenant's mailbox"));
            case 1 -> send("PUT", theirs, tenant, json(mailboxTemplate(false).without("id"),
                    "another tenant's mailbox"));
            case 2 -> send("DELETE", theirs, tenant, none("another tenant's mailbox"));
            case 3 -> send("GET", theirs + "/credentials", email, none("another tenant's mailbox"));
            default -> send("PUT", theirs + "/status", email, json(Obj.of("inbound", Obj.of("state", "error",
                    "lastError", "x")), "another tenant's mailbox"));
        };
        return request.expecting(404);
    }

    /**
     * An endpoint and who may use it: {@code tenant-only} (tenant and import keys), {@code email-only}, or
     * {@code readers} (tenant, import and email keys).
     */
    private record Refusal(String method, String path, String who) {
    }

    /** A valid request by a key whose role the endpoint refuses: 403. */
    private FuzzRequest forbidden(Refusal endpoint) {
        List<String> refused = switch (endpoint.who()) {
            case "tenant-only" -> List.of(target.keys().email(), target.keys().datamart());
            case "email-only" -> List.of(target.tenantKey(), target.keys().importKey(), target.keys().datamart());
            default -> List.of(target.keys().datamart());
        };
        String path = endpoint.path();
        Obj body = switch (endpoint.method()) {
            case "POST" -> path.equals("/mailboxes") ? mailboxTemplate(true)
                    : path.equals("/emails") ? inboundTemplate() : outboundTemplate();
            case "PUT" -> path.endsWith("/status") ? (path.startsWith("/mailboxes")
                    ? Obj.of("inbound", Obj.of("state", "connected")) : Obj.of("status", "sent"))
                    : mailboxTemplate(false);
            default -> null;
        };
        return send(endpoint.method(), path, pick(refused), body == null ? none("a role that may not")
                : json(body, "valid body, a role that may not")).expecting(403);
    }

    private Obj mailboxTemplate(boolean create) {
        String id = create ? "fz-mb-" + requests.unique() : target.emails().mailboxId();
        return Obj.of("id", id, "name", "Mailbox " + requests.unique(), "type", "imap",
                "address", "support@example.com", "enabled", true, "pollInterval", "PT1M",
                "inbound", Obj.of("host", "imap.example.com", "user", "support", "password", "secret"),
                "outbound", Obj.of("host", "smtp.example.com", "user", "support", "password", "secret"),
                "autoAcknowledge", false);
    }

    /** A new message each time, so that a body taken by mistake shows as a 201. */
    private Obj inboundTemplate() {
        int n = requests.unique();
        return Obj.of("mailboxId", target.emails().mailboxId(), "messageId", "<fz-" + n + "@example.org>",
                "contentHash", HexFormat.of().toHexDigits(n) + "0".repeat(56), "subtype", "InboundNew",
                "from", Obj.of("address", "ann@example.org", "name", "Ann"),
                "to", List.of(Obj.of("address", "support@example.com")), "references", List.of(),
                "attachments", List.of(), "subject", "Fuzz " + n, "textBody", "Hello",
                "receivedAt", "2026-11-28T10:15:00Z", "unparsable", false);
    }

    private Obj outboundTemplate() {
        return Obj.of("subtype", "OutboundNew", "mailboxId", target.emails().mailboxId(),
                "to", List.of(Obj.of("address", "x@example.org")), "cc", List.of(),
                "subject", "News " + requests.unique(), "textBody", "Hello");
    }

    private FuzzRequest send(String method, String path, String key, MalformedBodies.Body body) {
        return requests.send(method, path, key, body);
    }

    private <T> T pick(List<T> options) {
        return requests.pick(options);
    }
}
