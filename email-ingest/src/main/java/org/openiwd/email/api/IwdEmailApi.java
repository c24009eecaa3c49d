package org.openiwd.email.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.openiwd.email.BoundedExchange;
import org.openiwd.email.EmailProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IWD API as the email service uses it (docs/email-api.md), always with the cluster email key and the tenant in
 * {@code x-iwd-tenant}. Each call is one HTTP request, without retries: the pollers retry at their next round, and
 * every write here is idempotent or guarded by the API (a submission on mailbox + Message-ID, a position that only
 * moves forward, a final outbound status that does not change). Transport errors, 5xx and 429 raise
 * {@link ApiUnavailableException}; other 4xx {@link ApiRefusedException}. Thread-safe.
 */
@Component
public class IwdEmailApi {

    private final EmailProperties.Api settings;
    private final HttpClient http;
    private final JsonMapper json;

    public IwdEmailApi(EmailProperties properties, JsonMapper json) {
        this.settings = properties.api();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** The ids of every tenant of the platform. */
    public List<String> tenantIds() {
        JsonNode body = send("GET", "/provisioning", null, null);
        List<String> ids = new ArrayList<>();
        body.path("tenants").forEach(t -> ids.add(t.path("id").asString()));
        return ids;
    }

    /** Every mailbox of the tenant, all pages. */
    public List<Mailbox> mailboxes(String tenantId) {
        List<Mailbox> all = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = send("GET", "/mailboxes?limit=100" + (after == null ? "" : "&after=" + encode(after)),
                    tenantId, null);
            for (JsonNode item : items(page)) {
                all.add(json.treeToValue(item, Mailbox.class));
            }
            after = page.isObject() && page.hasNonNull("next") ? page.get("next").asString() : null;
        } while (after != null);
        return all;
    }

    /** One mailbox, with its current status and IMAP position. */
    public Mailbox mailbox(String tenantId, String mailboxId) {
        return json.treeToValue(send("GET", "/mailboxes/" + encode(mailboxId), tenantId, null), Mailbox.class);
    }

    /** The mailbox's secrets (email role only). */
    public Mailbox.Credentials credentials(String tenantId, String mailboxId) {
        return json.treeToValue(send("GET", "/mailboxes/" + encode(mailboxId) + "/credentials", tenantId, null),
                Mailbox.Credentials.class);
    }

    /** Reports connection states and the IMAP position; the API keeps a position only if it moves forward. */
    public void putStatus(String tenantId, String mailboxId, Mailbox.StatusUpdate status) {
        send("PUT", "/mailboxes/" + encode(mailboxId) + "/status", tenantId, status);
    }

    /** Submits one inbound message; a repeat answers the first submission's item with {@code created} false. */
    public InboundEmail.Submitted submit(String tenantId, InboundEmail email) {
        return json.treeToValue(send("POST", "/emails", tenantId, email), InboundEmail.Submitted.class);
    }

    /** The mailbox's queued items, and retries whose time has come, oldest first. */
    public List<OutboundEmail> dueOutbound(String tenantId, String mailboxId, int limit) {
        JsonNode page = send("GET", "/emails/outbound?due=true&mailboxId=" + encode(mailboxId)
                + "&limit=" + limit, tenantId, null);
        List<OutboundEmail> due = new ArrayList<>();
        for (JsonNode item : items(page)) {
            due.add(json.treeToValue(item, OutboundEmail.class));
        }
        return due;
    }

    /** The outbound item that carried this Message-ID, if the tenant sent it. */
    public Optional<OutboundEmail> outboundByMessageId(String tenantId, String messageId) {
        JsonNode page = send("GET", "/emails/outbound?messageId=" + encode(messageId), tenantId, null);
        for (JsonNode item : items(page)) {
            return Optional.of(json.treeToValue(item, OutboundEmail.class));
        }
        return Optional.empty();
    }

    /** Sets an outbound item's status; false when the item is final already (409). */
    public boolean putOutboundStatus(String tenantId, String itemId, OutboundEmail.StatusUpdate status) {
        try {
            send("PUT", "/emails/outbound/" + encode(itemId) + "/status", tenantId, status);
            return true;
        }
        catch (ApiRefusedException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Queues an outbound item (the acknowledgements the service sends on a mailbox's behalf). */
    public OutboundEmail queueOutbound(String tenantId, Map<String, Object> item) {
        return json.treeToValue(send("POST", "/emails/outbound", tenantId, item), OutboundEmail.class);
    }

    /** The {@code items} of a page ({@code {"items": [...], "next": ...}}). */
    private static Iterable<JsonNode> items(JsonNode page) {
        return page.path("items");
    }

    private JsonNode send(String method, String path, String tenantId, Object body) {
        URI uri = URI.create(settings.url() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("x-api-key", settings.emailApiKey()).header("accept", "application/json");
        if (tenantId != null) {
            request.header("x-iwd-tenant", tenantId);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        else {
            request.header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = BoundedExchange.send(http, request.build(), HttpResponse.BodyHandlers.ofByteArray(),
                    settings.timeout());
        }
        catch (IOException e) {
            throw new ApiUnavailableException(method + " " + path + ": " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnavailableException(method + " " + path + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new ApiUnavailableException(method + " " + path + " answered " + status, null);
        }
        if (status >= 400) {
            String type = null;
            String detail = new String(response.body(), StandardCharsets.UTF_8);
            try {
                JsonNode problem = json.readTree(response.body());
                type = problem.path("type").asString(null);
                detail = problem.path("detail").asString(detail);
            }
            catch (RuntimeException notJson) {
                // keep the raw body as the detail
            }
            throw new ApiRefusedException(status, type, method + " " + path + " refused with " + status + ": " + detail);
        }
        return response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
