package org.openiwd.etl.feed;

import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses a configuration feed page (small: read as a tree) and checks each event on its own, like
 * {@link FeedEventParser}: a malformed one is refused with the reason, the others load.
 */
final class ConfigEventParser {

    static final Set<String> KINDS = Set.of("solution", "department", "process", "category", "capture_point",
            "queue", "business_calendar", "mailbox");
    static final Set<String> OPERATIONS = Set.of("created", "updated", "deleted");

    private ConfigEventParser() {
    }

    static ConfigPage parse(JsonMapper json, InputStream body) {
        JsonNode page;
        try {
            page = json.readTree(body);
        }
        catch (tools.jackson.core.JacksonException e) {
            throw new FeedEventParser.MalformedFeedException("configuration page is not JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (page == null || !page.path("events").isArray() || !page.path("next").canConvertToLong()) {
            throw new FeedEventParser.MalformedFeedException("configuration page lacks events or next", null);
        }
        List<ConfigEvent> events = new ArrayList<>();
        List<FeedPage.RejectedEvent> rejected = new ArrayList<>();
        for (JsonNode n : page.get("events")) {
            try {
                events.add(toEvent(n));
            }
            catch (IllegalArgumentException e) {
                JsonNode id = n.get("id");
                rejected.add(new FeedPage.RejectedEvent(id != null && id.canConvertToLong() ? id.asLong() : null,
                        n.toString(), e.getMessage()));
            }
        }
        return new ConfigPage(events, rejected, page.get("next").asLong());
    }

    private static ConfigEvent toEvent(JsonNode n) {
        long id = n.path("id").asLong(0);
        if (id <= 0) {
            throw new IllegalArgumentException("id must be a positive integer");
        }
        String kind = n.path("kind").asString("");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown kind '" + kind + "'");
        }
        String operation = n.path("operation").asString("");
        if (!OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("unknown operation '" + operation + "'");
        }
        JsonNode object = n.path("object");
        String objectId = n.path("objectId").asString("");
        String name = object.path("name").asString("");
        if (objectId.isEmpty() || objectId.length() > 64 || name.isEmpty() || name.length() > 200) {
            throw new IllegalArgumentException("objectId (1-64) and object.name (1-200) are required");
        }
        int version = n.path("version").asInt(0);
        if (version <= 0) {
            throw new IllegalArgumentException("version must be a positive integer");
        }
        Instant occurredAt;
        try {
            occurredAt = Instant.parse(n.path("occurredAt").asString(""));
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException("occurredAt is not an ISO-8601 instant");
        }
        String parentId = object.path("parentId").isString() ? object.get("parentId").asString() : null;
        return new ConfigEvent(id, kind, objectId, version, operation, name, parentId, occurredAt);
    }
}
