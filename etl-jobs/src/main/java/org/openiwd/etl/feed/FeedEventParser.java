package org.openiwd.etl.feed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses a feed page: events one at a time, each checked on its own, so that one malformed event is refused with
 * a reason (and its raw JSON) while the rest of the page loads. A page that is not a feed page at all (broken JSON, no
 * {@code next}) fails as a whole with {@link MalformedFeedException}, to be retried.
 */
class FeedEventParser {

    static final Set<String> TYPES = Set.of("Created", "Updated", "Queued", "Assigned", "Transferred", "Held",
            "Resumed", "Restarted", "Reprioritized", "Completed", "Canceled", "Rejected", "ErrorHeld");
    static final Set<String> STATUSES = Set.of("New", "Queued", "Assigned", "Held", "ErrorHeld", "Completed",
            "Canceled", "Rejected");

    private static final String[] NAMES = {"id", "taskId", "captureId", "taskVersion", "type", "status",
        "occurredAt", "solutionId", "departmentId", "processId", "categoryId", "capturePointId", "queueId",
        "previousQueueId", "agentId", "previousAgentId", "mediaType", "priority", "businessValue", "dueAt",
        "activationAt", "sourceCreatedAt", "resultCode", "reason", "workTimeSec", "heldTimeSec", "attributes"};
    private static final int ID = 0, TASK_ID = 1, CAPTURE_ID = 2, TASK_VERSION = 3, TYPE = 4, STATUS = 5,
            OCCURRED_AT = 6, SOLUTION_ID = 7, DEPARTMENT_ID = 8, PROCESS_ID = 9, CATEGORY_ID = 10,
            CAPTURE_POINT_ID = 11, QUEUE_ID = 12, PREVIOUS_QUEUE_ID = 13, AGENT_ID = 14, PREVIOUS_AGENT_ID = 15,
            MEDIA_TYPE = 16, PRIORITY = 17, BUSINESS_VALUE = 18, DUE_AT = 19, ACTIVATION_AT = 20,
            SOURCE_CREATED_AT = 21, RESULT_CODE = 22, REASON = 23, WORK_TIME_SEC = 24, HELD_TIME_SEC = 25,
            ATTRIBUTES = 26;
    private static final Map<String, Integer> FIELDS = new HashMap<>();
    /** Fields whose texts repeat across a page's events: read through its {@link TextPool}. */
    private static final boolean[] POOLED = fields(TYPE, STATUS, SOLUTION_ID, DEPARTMENT_ID, PROCESS_ID,
            CATEGORY_ID, CAPTURE_POINT_ID, QUEUE_ID, PREVIOUS_QUEUE_ID, AGENT_ID, PREVIOUS_AGENT_ID, MEDIA_TYPE,
            RESULT_CODE);
    /** Instant fields: read from the parser's buffer when in {@link Instant#toString()}'s form. */
    private static final boolean[] INSTANTS = fields(OCCURRED_AT, DUE_AT, ACTIVATION_AT, SOURCE_CREATED_AT);
    /** A field the event does not have (as opposed to JSON null). */
    private static final Object ABSENT = new Object();
    /** A value of a type no field accepts: an object, array, boolean, fraction or out-of-range integer. */
    private static final Object OTHER = new Object();

    static {
        for (int i = 0; i < NAMES.length; i++) {
            FIELDS.put(NAMES[i], i);
        }
    }

    private final JsonMapper json;

    private static boolean[] fields(int... indexes) {
        boolean[] flags = new boolean[NAMES.length];
        for (int i : indexes) {
            flags[i] = true;
        }
        return flags;
    }

    FeedEventParser(JsonMapper json) {
        this.json = json;
    }

    /**
     * Parses the page as it arrives, token by token without a tree per event; of the raw text only the current
     * event's bytes and the parser's read-ahead are kept, for the payload of a refused event. The body is read to
     * its end, so that its connection can serve the next request.
     */
    FeedPage parse(InputStream body) {
        RetainingInputStream in = new RetainingInputStream(body);
        List<FeedEvent> events = new ArrayList<>();
        List<FeedPage.RejectedEvent> rejected = new ArrayList<>();
        TextPool texts = new TextPool();
        Attributes attributes = new Attributes();
        Long next = null;
        long lastId = -1;
        try (JsonParser p = json.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("events".equals(name)) {
                    expect(value, JsonToken.START_ARRAY);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        long start = p.currentTokenLocation().getByteOffset();
                        in.retainFrom(start);
                        Object[] fields = readFields(p, texts, attributes);
                        try {
                            FeedEvent event = toEvent(fields);
                            if (event.id() <= lastId) {
                                throw new IllegalArgumentException("id " + event.id() + " is not after " + lastId);
                            }
                            lastId = event.id();
                            events.add(event);
                        }
                        catch (IllegalArgumentException e) {
                            long end = p.currentLocation().getByteOffset();
                            Long rawId = fields[ID] instanceof Long id ? id : null;
                            rejected.add(new FeedPage.RejectedEvent(rawId, in.text(start, end), e.getMessage()));
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
            in.transferTo(OutputStream.nullOutputStream());
        }
        catch (tools.jackson.core.JacksonException e) {
            throw new MalformedFeedException("feed page is not valid JSON: " + e.getOriginalMessage(), e);
        }
        catch (IOException e) {
            throw new MalformedFeedException("feed page could not be read: " + e, e);
        }
        if (next == null) {
            throw new MalformedFeedException("feed page has no 'next' cursor", null);
        }
        return new FeedPage(events, rejected, next);
    }

    FeedPage parse(byte[] page) {
        return parse(new ByteArrayInputStream(page));
    }

    /**
     * The known fields of one event object, by index; the parser stands on its {@code START_OBJECT} and ends on
     * its {@code END_OBJECT}. A value is {@link #ABSENT}, {@code null} (JSON null), a {@code String}, a {@code Long}
     * (an integer that fits), an {@code Instant} (an instant field in the API's form), or {@link #OTHER} (any other
     * JSON value); unknown fields are skipped. Texts of the {@link #POOLED} fields come from {@code texts}, the
     * custom attributes from {@code attributes}.
     */
    private static Object[] readFields(JsonParser p, TextPool texts, Attributes attributes) {
        Object[] fields = new Object[FIELDS.size()];
        Arrays.fill(fields, ABSENT);
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            Integer index = FIELDS.get(p.currentName());
            JsonToken token = p.nextToken();
            if (index == null) {
                p.skipChildren();
                continue;
            }
            if (index == ATTRIBUTES && token == JsonToken.START_OBJECT) {
                fields[index] = readAttributes(p, attributes);
                continue;
            }
            fields[index] = switch (token) {
                case VALUE_NULL -> null;
                case VALUE_STRING -> string(p, index, texts);
                case VALUE_NUMBER_INT -> integer(p);
                default -> {
                    p.skipChildren();
                    yield OTHER;
                }
            };
        }
        return fields;
    }

    /**
     * The integer the parser stands on, as a {@code Long}, or {@link #OTHER} when it does not fit one. Up to 18
     * digits are read from the token's text here: the parser's own conversion takes a path by the number of digits,
     * so ids that grow by a digit during a load (a fresh tenant's) made the JIT throw away and compile again the
     * code that reads every event.
     */
    private static Object integer(JsonParser p) {
        char[] text = p.getStringCharacters();
        int start = p.getStringOffset();
        int end = start + p.getStringLength();
        int i = firstDigit(text, start, end);
        boolean negative = i > start;
        if (end - i < 1 || end - i > 18) {
            return p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG
                    ? (Object) p.getLongValue() : OTHER;
        }
        long value = 0;
        for (; i < end; i++) {
            value = value * 10 + (text[i] - '0');
        }
        return negative ? -value : value;
    }

    /** Where a number's digits begin in {@code text[from, end)}: after its minus sign, if it has one. */
    private static int firstDigit(char[] text, int from, int end) {
        return from < end && text[from] == '-' ? from + 1 : from;
    }

    /** The string value the parser stands on, of the field {@code index}: pooled, an instant, or a new string. */
    private static Object string(JsonParser p, int index, TextPool texts) {
        if (POOLED[index]) {
            return texts.of(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
        }
        if (INSTANTS[index]) {
            Instant instant = UtcInstants.common(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
            if (instant != null) {
                return instant;
            }
        }
        return p.getString();
    }

    /**
     * What the custom attributes of a page's events are read with: their map's builder, and a pool for their short
     * texts (codes such as a channel or a region repeat across events; a task's values repeat on each of its events).
     * A pool of their own, so that values seen once do not crowd the ids out of the page's {@link TextPool}.
     */
    private static final class Attributes {

        /** Longer texts (descriptions, notes) rarely repeat: hashing them to look them up would be wasted. */
        static final int POOLED_LENGTH = 32;

        final AttributeMap.Builder map = new AttributeMap.Builder();
        final TextPool texts = new TextPool();

        String text(JsonParser p) {
            int length = p.getStringLength();
            return length <= POOLED_LENGTH ? texts.of(p.getStringCharacters(), p.getStringOffset(), length)
                    : p.getString();
        }
    }

    /**
     * The custom attributes, the parser standing on their {@code START_OBJECT}: strings, numbers (as
     * {@link BigDecimal}) and booleans, nulls left out, in an {@link AttributeMap}; any other value gives a
     * {@link BadAttribute}.
     */
    private static Object readAttributes(JsonParser p, Attributes attributes) {
        BadAttribute bad = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            switch (token) {
                case VALUE_STRING -> attributes.map.put(name, attributes.text(p));
                case VALUE_NUMBER_INT -> attributes.map.put(name, decimal(p, false));
                // 12.50 and 12.5 are one value.
                case VALUE_NUMBER_FLOAT -> attributes.map.put(name, decimal(p, true));
                case VALUE_TRUE, VALUE_FALSE -> attributes.map.put(name, token == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> { }
                default -> {
                    p.skipChildren();
                    bad = bad == null ? new BadAttribute(name) : bad;
                }
            }
        }
        AttributeMap map = attributes.map.build();
        return bad == null ? map : bad;
    }

    /**
     * The number the parser stands on: exactly {@link JsonParser#getDecimalValue}, or with {@code stripped} that
     * value as {@link BigDecimal#stripTrailingZeros} gives it ({@code 300.7200} is {@code 300.72}, {@code 300.0} is
     * {@code 3E+2}). A plain decimal of up to 18 digits (amounts, counts: the common case) is read from its text into
     * a {@code long} and a scale, several times faster than the parser's {@code BigDecimal}, its zeros stripped there
     * (the JIT compiled the event reader again each time {@code stripTrailingZeros} took a branch new to it);
     * anything else (an exponent, more digits) goes to the parser.
     */
    private static BigDecimal decimal(JsonParser p, boolean stripped) {
        char[] text = p.getStringCharacters();
        int start = p.getStringOffset();
        int end = start + p.getStringLength();
        int i = firstDigit(text, start, end);
        boolean negative = i > start;
        long unscaled = 0;
        int digits = 0;
        int scale = -1;
        int zeros = 0;
        for (; i < end; i++) {
            char c = text[i];
            if (c == '.' && scale < 0 && digits > 0) {
                scale = 0;
            }
            else if (c < '0' || c > '9') {
                return parsed(p, stripped);
            }
            else if (scale >= 0 && c == '0') {
                zeros++;   // a fraction's zeros count only when a digit other than zero follows
            }
            else {
                for (int z = scale >= 0 ? zeros + 1 : 1; z > 0; z--) {
                    if (++digits > 18) {
                        return parsed(p, stripped);
                    }
                    unscaled *= 10;
                }
                unscaled += c - '0';
                scale += scale >= 0 ? zeros + 1 : 0;
                zeros = 0;
            }
        }
        if (digits == 0) {
            return parsed(p, stripped);
        }
        scale = Math.max(scale, 0);
        if (stripped) {
            if (unscaled == 0) {
                return BigDecimal.ZERO;
            }
            // Only a whole number ends in zeros here (a fraction's zeros were kept only before another digit).
            while (unscaled % 10 == 0) {
                unscaled /= 10;
                scale--;
            }
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    private static BigDecimal parsed(JsonParser p, boolean stripped) {
        return stripped ? p.getDecimalValue().stripTrailingZeros() : p.getDecimalValue();
    }

    /** An attribute whose value is an object or an array. */
    private record BadAttribute(String name) {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Object[] f) {
        Object v = f[ATTRIBUTES];
        if (v == ABSENT || v == null) {
            return Map.of();
        }
        if (v instanceof BadAttribute bad) {
            throw new IllegalArgumentException("attribute '" + bad.name()
                    + "' must be a string, a number or a boolean");
        }
        if (!(v instanceof Map<?, ?> attributes)) {
            throw new IllegalArgumentException("attributes must be an object");
        }
        return (Map<String, Object>) attributes;
    }

    private static FeedEvent toEvent(Object[] f) {
        long id = positive(f, ID);
        long taskId = positive(f, TASK_ID);
        String type = text(f, TYPE, true);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown event type '" + type + "'");
        }
        String status = text(f, STATUS, true);
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown status '" + status + "'");
        }
        return new FeedEvent(
                id, taskId, text(f, CAPTURE_ID, true), (int) positive(f, TASK_VERSION),
                type, status, time(f, OCCURRED_AT, true),
                text(f, SOLUTION_ID, false), text(f, DEPARTMENT_ID, false), text(f, PROCESS_ID, false),
                text(f, CATEGORY_ID, false), text(f, CAPTURE_POINT_ID, false), text(f, QUEUE_ID, false),
                text(f, PREVIOUS_QUEUE_ID, false), text(f, AGENT_ID, false), text(f, PREVIOUS_AGENT_ID, false),
                text(f, MEDIA_TYPE, false), integer(f, PRIORITY), integer(f, BUSINESS_VALUE),
                time(f, DUE_AT, false), time(f, ACTIVATION_AT, false), time(f, SOURCE_CREATED_AT, false),
                text(f, RESULT_CODE, false), text(f, REASON, false, 1000),
                seconds(f, WORK_TIME_SEC), seconds(f, HELD_TIME_SEC), attributes(f));
    }

    private static long positive(Object[] f, int field) {
        if (!(f[field] instanceof Long v) || v <= 0) {
            throw new IllegalArgumentException(NAMES[field] + " must be a positive integer");
        }
        return v;
    }

    private static int seconds(Object[] f, int field) {
        Object v = f[field];
        if (v == ABSENT || v == null) {
            return 0;
        }
        if (!(v instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(NAMES[field] + " must be a non-negative integer");
        }
        return n.intValue();
    }

    private static Integer integer(Object[] f, int field) {
        Object v = f[field];
        if (v == ABSENT || v == null) {
            return null;
        }
        if (!(v instanceof Long n) || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(NAMES[field] + " must be an integer");
        }
        return n.intValue();
    }

    private static String text(Object[] f, int field, boolean required) {
        return text(f, field, required, 128);
    }

    /** Ids are at most 128 characters in the API; free texts such as a reason are longer. */
    private static String text(Object[] f, int field, boolean required, int maxLength) {
        Object v = f[field];
        if (v == ABSENT || v == null) {
            if (required) {
                throw new IllegalArgumentException(NAMES[field] + " is missing");
            }
            return null;
        }
        if (!(v instanceof String s) || s.length() > maxLength) {
            throw new IllegalArgumentException(
                    NAMES[field] + " must be a string of at most " + maxLength + " characters");
        }
        return s;
    }

    private static Instant time(Object[] f, int field, boolean required) {
        if (f[field] instanceof Instant instant) {
            return instant;
        }
        String value = text(f, field, required);
        if (value == null) {
            return null;
        }
        try {
            return UtcInstants.parse(value);
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException(NAMES[field] + " '" + value + "' is not an ISO-8601 UTC instant");
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
