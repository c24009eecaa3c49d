package org.openiwd.etl.feed;

import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses a feed page as a stream: events one at a time, each checked on its own, so that one malformed event is
 * refused with a reason while the rest of the page loads. A page that is not a feed page at all (broken JSON, no
 * {@code next}) fails as a whole with {@link MalformedFeedException}, to be retried.
 */
class FeedEventParser {

    static final Set<String> TYPES = Set.of("Created", "Updated", "Queued", "Assigned", "Transferred", "Held",
            "Resumed", "Restarted", "Reprioritized", "Completed", "Canceled", "Rejected", "ErrorHeld");
    static final Set<String> STATUSES = Set.of("New", "Queued", "Assigned", "Held", "ErrorHeld", "Completed",
            "Canceled", "Rejected");

    private final JsonMapper json;

    FeedEventParser(JsonMapper json) {
        this.json = json;
    }

    FeedPage parse(InputStream body) {
        List<FeedEvent> events = new ArrayList<>();
        List<FeedPage.RejectedEvent> rejected = new ArrayList<>();
        Long next = null;
        long lastId = -1;
        try (JsonParser p = json.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("events".equals(name)) {
                    expect(value, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode node = p.readValueAsTree();
                        try {
                            FeedEvent event = toEvent(node);
                            if (event.id() <= lastId) {
                                throw new IllegalArgumentException("id " + event.id() + " is not after " + lastId);
                            }
                            lastId = event.id();
                            events.add(event);
                        }
                        catch (IllegalArgumentException e) {
                            JsonNode id = node.get("id");
                            Long rawId = id != null && id.canConvertToLong() ? id.asLong() : null;
                            rejected.add(new FeedPage.RejectedEvent(rawId, node.toString(), e.getMessage()));
                        }
                    }
                }
                else if ("next".equals(name)) {
                    next = p.getLongValue();
                }
                else {
                    p.skipChildren();
                }
            }
        }
        catch (tools.jackson.core.JacksonException e) {
            throw new MalformedFeedException("feed page is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (next == null) {
            throw new MalformedFeedException("feed page has no 'next' cursor", null);
        }
        return new FeedPage(events, rejected, next);
    }

    private static FeedEvent toEvent(JsonNode n) {
        long id = positive(n, "id");
        long taskId = positive(n, "taskId");
        String type = text(n, "type", true);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown event type '" + type + "'");
        }
        String status = text(n, "status", true);
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown status '" + status + "'");
        }
        return new FeedEvent(
                id, taskId, text(n, "captureId", true), (int) positive(n, "taskVersion"),
                type, status, time(n, "occurredAt", true),
                text(n, "solutionId", false), text(n, "departmentId", false), text(n, "processId", false),
                text(n, "categoryId", false), text(n, "capturePointId", false), text(n, "queueId", false),
                text(n, "previousQueueId", false), text(n, "agentId", false), text(n, "previousAgentId", false),
                text(n, "mediaType", false), integer(n, "priority"), integer(n, "businessValue"),
                time(n, "dueAt", false), time(n, "activationAt", false), time(n, "sourceCreatedAt", false),
                text(n, "resultCode", false), text(n, "reason", false, 1000),
                seconds(n, "workTimeSec"), seconds(n, "heldTimeSec"), attributes(n));
    }

    /** The custom attributes: strings, numbers (as {@link java.math.BigDecimal}) and booleans; nulls left out. */
    private static Map<String, Object> attributes(JsonNode n) {
        JsonNode v = n.get("attributes");
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("attributes must be an object");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> attribute : v.properties()) {
            JsonNode value = attribute.getValue();
            if (value.isString()) {
                attributes.put(attribute.getKey(), value.asString());
            }
            else if (value.isNumber()) {
                attributes.put(attribute.getKey(), value.decimalValue());
            }
            else if (value.isBoolean()) {
                attributes.put(attribute.getKey(), value.booleanValue());
            }
            else if (!value.isNull()) {
                throw new IllegalArgumentException("attribute '" + attribute.getKey()
                        + "' must be a string, a number or a boolean");
            }
        }
        return attributes;
    }

    private static long positive(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0) {
            throw new IllegalArgumentException(field + " must be a positive integer");
        }
        return v.asLong();
    }

    private static int seconds(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new IllegalArgumentException(field + " must be a non-negative integer");
        }
        return v.asInt();
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return v.asInt();
    }

    private static String text(JsonNode n, String field, boolean required) {
        return text(n, field, required, 128);
    }

    /** Ids are at most 128 characters in the API; free texts such as a reason are longer. */
    private static String text(JsonNode n, String field, boolean required, int maxLength) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is missing");
            }
            return null;
        }
        if (!v.isString() || v.asString().length() > maxLength) {
            throw new IllegalArgumentException(field + " must be a string of at most " + maxLength + " characters");
        }
        return v.asString();
    }

    private static Instant time(JsonNode n, String field, boolean required) {
        String value = text(n, field, required);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not an ISO-8601 UTC instant");
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new MalformedFeedException("expected " + expected + " but found " + actual, null);
        }
    }

    /** The response is not a feed page; nothing of it may be loaded. */
    static class MalformedFeedException extends RuntimeException {
        MalformedFeedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
