package org.openiwd.api.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.openiwd.api.web.FuzzJson.Obj;
import org.openiwd.api.web.FuzzJson.Raw;

/**
 * Makes a valid JSON body invalid, given the schema of its fields: JSON that does not parse (truncated, wrong
 * brackets, trailing garbage, BOMs, NaN, comments), one field of a wrong type or an invalid value (too long, bad
 * characters, a NUL, a bad date, a number beyond its type, a bad enum), an unknown, missing or repeated field,
 * nesting beyond the parser's limit, a wrong content type, an empty body.
 */
final class MalformedBodies {

    enum Kind { CAPTURE_ID, ID, TEXT, NAME, INT, DATE, ATTRIBUTES, PATCH_ATTRIBUTES, CUSTOMER, SETTINGS,
        CALENDAR, ROLE, ZONE, TENANT_ID,
        /** A text of a closed set of values ({@code imap}, {@code OutboundNew}, {@code failed}...). */
        ENUM,
        /** A mailbox's own address. */
        ADDRESS,
        /** An ISO-8601 duration between PT5S and PT1H. */
        POLL_INTERVAL,
        /** A nested object read as a record: unknown fields refused. */
        RECORD,
        /** A list of email addresses, each checked. */
        ADDRESSES,
        /** A list whose items are not checked beyond their type. */
        LIST,
        BOOL,
        /** A task id as a reference: a number naming a task of the tenant. */
        TASK_REF,
        /** The SHA-256 of a message, 64 hex digits. */
        HASH,
        /** A text of a received message, NULs removed rather than refused: only its length is checked. */
        RECEIVED_TEXT,
        /** A text that must not be blank. */
        NOT_BLANK,
        /** Bytes as base64. */
        BASE64,
        /** A mailbox connection report: a state of connected or error. */
        CONNECTION,
        /** An IMAP position: uidValidity and lastUid, 0 or more. */
        POSITION }

    record Field(String name, Kind kind, int max, boolean required) {
    }

    record Body(byte[] bytes, String contentType, String mutation, Integer expectedStatus) {

        Body expect(int status) {
            return new Body(bytes, contentType, mutation, status);
        }
    }

    static final List<Field> CREATE_TASK = List.of(
            new Field("captureId", Kind.CAPTURE_ID, 128, true),
            new Field("capturePointId", Kind.ID, 64, false), new Field("solutionId", Kind.ID, 64, false),
            new Field("departmentId", Kind.ID, 64, false), new Field("processId", Kind.ID, 64, false),
            new Field("categoryId", Kind.ID, 64, false), new Field("queueId", Kind.ID, 64, false),
            new Field("mediaType", Kind.ID, 64, false), new Field("priority", Kind.INT, 0, false),
            new Field("businessValue", Kind.INT, 0, false), new Field("dueAt", Kind.DATE, 0, false),
            new Field("activationAt", Kind.DATE, 0, false), new Field("sourceCreatedAt", Kind.DATE, 0, false),
            new Field("subject", Kind.TEXT, 1000, false), new Field("description", Kind.TEXT, 65_536, false),
            new Field("customer", Kind.CUSTOMER, 50, false), new Field("attributes", Kind.ATTRIBUTES, 100, false));

    static final List<Field> PATCH_TASK = List.of(
            new Field("solutionId", Kind.ID, 64, false), new Field("departmentId", Kind.ID, 64, false),
            new Field("processId", Kind.ID, 64, false), new Field("categoryId", Kind.ID, 64, false),
            new Field("queueId", Kind.ID, 64, false), new Field("mediaType", Kind.ID, 64, false),
            new Field("priority", Kind.INT, 0, false), new Field("businessValue", Kind.INT, 0, false),
            new Field("dueAt", Kind.DATE, 0, false), new Field("activationAt", Kind.DATE, 0, false),
            new Field("subject", Kind.TEXT, 1000, false), new Field("description", Kind.TEXT, 65_536, false),
            new Field("customer", Kind.CUSTOMER, 50, false),
            new Field("attributes", Kind.PATCH_ATTRIBUTES, 100, false));

    static final List<Field> ACTION = List.of(
            new Field("agentId", Kind.ID, 64, false), new Field("queueId", Kind.ID, 64, false),
            new Field("resultCode", Kind.ID, 64, false), new Field("reason", Kind.TEXT, 1000, false),
            new Field("occurredAt", Kind.DATE, 0, false));

    static final List<Field> CONFIG = List.of(
            new Field("id", Kind.ID, 64, false), new Field("name", Kind.NAME, 200, true),
            new Field("parentId", Kind.ID, 64, false), new Field("settings", Kind.SETTINGS, 100, false));

    static final List<Field> CALENDAR_CONFIG = List.of(
            new Field("id", Kind.ID, 64, false), new Field("name", Kind.NAME, 200, true),
            new Field("settings", Kind.CALENDAR, 0, true));

    static final List<Field> TENANT = List.of(
            new Field("id", Kind.TENANT_ID, 32, true), new Field("name", Kind.NAME, 200, true),
            new Field("timeZone", Kind.ZONE, 64, true));

    static final List<Field> KEY = List.of(new Field("role", Kind.ROLE, 0, true));

    static final List<Field> MAILBOX = List.of(
            new Field("id", Kind.ID, 64, false), new Field("name", Kind.NAME, 200, true),
            new Field("type", Kind.ENUM, 0, true), new Field("address", Kind.ADDRESS, 254, true),
            new Field("enabled", Kind.BOOL, 0, false), new Field("pollInterval", Kind.POLL_INTERVAL, 0, false),
            new Field("inbound", Kind.RECORD, 0, true), new Field("outbound", Kind.RECORD, 0, false),
            new Field("autoAcknowledge", Kind.BOOL, 0, false));

    static final List<Field> MAILBOX_STATUS = List.of(
            new Field("inbound", Kind.CONNECTION, 0, false), new Field("outbound", Kind.CONNECTION, 0, false),
            new Field("position", Kind.POSITION, 0, false));

    /** An inbound message; its lists are what a server received, so only their types are checked. */
    static final List<Field> INBOUND_EMAIL = List.of(
            new Field("mailboxId", Kind.ID, 64, true), new Field("contentHash", Kind.HASH, 0, true),
            new Field("subtype", Kind.ENUM, 0, false), new Field("to", Kind.LIST, 0, false),
            new Field("references", Kind.LIST, 0, false), new Field("attachments", Kind.LIST, 0, false),
            new Field("from", Kind.RECORD, 0, false), new Field("subject", Kind.RECEIVED_TEXT, 10_000, false),
            new Field("receivedAt", Kind.DATE, 0, false), new Field("unparsable", Kind.BOOL, 0, false),
            new Field("rawSource", Kind.BASE64, 0, false));

    static final List<Field> OUTBOUND_EMAIL = List.of(
            new Field("subtype", Kind.ENUM, 0, true), new Field("mailboxId", Kind.ID, 64, false),
            new Field("taskId", Kind.TASK_REF, 0, false), new Field("to", Kind.ADDRESSES, 0, false),
            new Field("cc", Kind.ADDRESSES, 0, false), new Field("subject", Kind.NOT_BLANK, 0, false));

    /** A report that an item failed: its reason is required, and no next attempt may be given. */
    static final List<Field> OUTBOUND_FAILED = List.of(
            new Field("status", Kind.ENUM, 0, true), new Field("reason", Kind.NOT_BLANK, 0, true),
            new Field("nextAttemptAt", Kind.DATE, 0, false));

    private final Random random;

    MalformedBodies(Random random) {
        this.random = random;
    }

    /** {@code valid} made invalid in one way; {@code bodyRequired} false when an empty body would be valid. */
    Body mutate(List<Field> schema, Obj valid, boolean bodyRequired) {
        String text = FuzzJson.write(valid);
        Field field = pick(schema);
        return switch (random.nextInt(15)) {
            case 0 -> {
                int cut = 1 + random.nextInt(text.length() - 1);
                yield json(text.substring(0, cut), "truncated at " + cut);
            }
            case 1 -> random.nextBoolean()
                    ? json("[" + text.substring(1), "opening bracket instead of brace")
                    : json(text.substring(0, text.length() - 1) + "]", "closing bracket instead of brace");
            case 2 -> json(text + pick(List.of("}", "]", " x", "{}", ",", "\"\"", "null", "{\"a\":1}", "\u0000")),
                    "trailing garbage");
            case 3 -> bom(text);
            case 4 -> {
                String token = pick(List.of("NaN", "Infinity", "-Infinity", "007", "0x1F", "+1", ".5", "1.", "1e",
                        "--1", "1_000", "undefined", "True", "nul"));
                Field number = schema.stream().filter(f -> f.kind() == Kind.INT).findFirst().orElse(field);
                yield json(FuzzJson.write(valid.with(number.name(), new Raw(token))),
                        number.name() + " = " + token + " (not a JSON value)");
            }
            case 5 -> syntax(text);
            case 6 -> {
                Object wrong = wrongType(field.kind());
                yield json(FuzzJson.write(valid.with(field.name(), wrong)),
                        field.name() + " = " + FuzzJson.write(wrong) + " (wrong type)");
            }
            case 7, 8 -> {
                Object bad = badValue(field, valid);
                yield json(FuzzJson.write(valid.with(field.name(), bad)), field.name() + " = "
                        + abbreviate(FuzzJson.write(bad)) + " (invalid value)");
            }
            case 9 -> {
                String unknown = pick(List.of("bogus", "taskId", "status", "version", "tenantId", "CaptureId",
                        "capture_id", "__proto__", "", "@type", "class").stream()
                        .filter(name -> schema.stream().noneMatch(f -> f.name().equals(name))).toList());
                yield json(FuzzJson.write(valid.plus(unknown, pick(List.of(1, "x", true, Map.of())))),
                        "unknown field '" + unknown + "'");
            }
            case 10 -> missingRequired(schema, valid);
            case 11 -> duplicated(valid);
            case 12 -> deep(valid);
            case 13 -> wrongContentType(text);
            default -> bodyRequired ? emptyish() : wrongTopLevel();
        };
    }

    private Body bom(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(4)) {
            case 0 -> raw(concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, utf8), "application/json",
                    "UTF-16 BOM before UTF-8 text");
            case 1 -> raw(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF, (byte) 0xBB,
                (byte) 0xBF}, utf8), "application/json", "two UTF-8 BOMs");
            case 2 -> json("{\uFEFF" + text.substring(1), "BOM inside the object");
            default -> raw(concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, utf8), "application/json",
                    "UTF-32LE BOM before UTF-8 text");
        };
    }

    /** A JSON syntax error; one that would leave this text unchanged falls back to a trailing comma. */
    private Body syntax(String text) {
        Body body = syntaxError(text);
        return new String(body.bytes(), StandardCharsets.UTF_8).equals(text)
                ? json(text.substring(0, text.length() - 1) + ",}", "trailing comma") : body;
    }

    private Body syntaxError(String text) {
        int colon = text.indexOf(':');
        return switch (random.nextInt(7)) {
            case 0 -> json(text.replace('"', '\''), "single quotes");
            case 1 -> json(text.replaceFirst("\"([^\"]+)\":", "$1:"), "unquoted key");
            case 2 -> json("/* c */" + text, "comment");
            case 3 -> json(text.substring(0, text.length() - 1) + ",}", "trailing comma");
            case 4 -> json(colon < 0 ? "{\"a\" 1}" : text.substring(0, colon) + text.substring(colon + 1),
                    "missing colon");
            case 5 -> json(text.replaceFirst(",", " "), "missing comma");
            default -> json(text.replaceFirst("\"", "\"\u0001"), "raw control character in a string");
        };
    }

    private Body missingRequired(List<Field> schema, Obj valid) {
        List<Field> required = schema.stream().filter(Field::required).toList();
        if (required.isEmpty()) {
            return wrongTopLevel();
        }
        Field field = pick(required);
        return random.nextBoolean()
                ? json(FuzzJson.write(valid.without(field.name())), "required " + field.name() + " missing")
                : json(FuzzJson.write(valid.with(field.name(), null)), "required " + field.name() + " null");
    }

    /** A field given twice with the same value; an empty template gets a text field twice. */
    private Body duplicated(Obj valid) {
        Obj body = valid.fields().isEmpty() ? Obj.of("reason", "x") : valid;
        Map.Entry<String, Object> field = body.fields().get(random.nextInt(body.fields().size()));
        return json(FuzzJson.write(body.plus(field.getKey(), field.getValue())),
                "duplicated key '" + field.getKey() + "'");
    }

    /** Nesting far beyond Jackson's depth limit, at the top or inside a field that takes any JSON. */
    private Body deep(Obj valid) {
        int depth = random.nextBoolean() ? 10_000 : 600 + random.nextInt(2_000);
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(depth);
        if (random.nextBoolean()) {
            return json(nested, depth + " levels of nesting at the top");
        }
        String text = FuzzJson.write(valid.with("customer", new Raw(nested)));
        return json(text, depth + " levels of nesting in customer");
    }

    private Body wrongContentType(String validText) {
        return switch (random.nextInt(8)) {
            case 0 -> raw(validText.getBytes(StandardCharsets.UTF_8), "text/plain", "JSON sent as text/plain")
                    .expect(415);
            case 1 -> raw("captureId=x&name=y".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded",
                    "form instead of JSON").expect(415);
            case 2 -> raw("<task><captureId>x</captureId></task>".getBytes(StandardCharsets.UTF_8), "application/xml",
                    "XML instead of JSON").expect(415);
            case 3 -> raw(validText.getBytes(StandardCharsets.UTF_8), null, "JSON without a Content-Type")
                    .expect(415);
            case 4 -> raw(validText.getBytes(StandardCharsets.UTF_8), pick(List.of("application/json; charset=bogus",
                    "application/json; charset=", "application/", "json", "*/*", "a b/c", "application/json; charset=\"")),
                    "malformed Content-Type");
            case 5 -> raw(validText.getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=x",
                    "multipart instead of JSON").expect(415);
            case 6 -> raw(concat(validText.substring(0, validText.length() - 2).getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xC3, 0x28, '"', '}'}), "application/json", "invalid UTF-8");
            default -> raw(concat(validText.substring(0, validText.length() - 2).getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xFF, '"', '}'}), "application/json", "byte 0xFF, never in UTF-8");
        };
    }

    private Body emptyish() {
        String body = pick(List.of("", " ", "\n", "null", "[]", "\"x\"", "1", "true", "[{}]", "{", "}"));
        return json(body, "body " + (body.isBlank() ? "empty" : body));
    }

    /** For an optional body: not empty, but not an object either. */
    private Body wrongTopLevel() {
        String body = pick(List.of("[]", "\"x\"", "1", "true", "[{}]", "{", "}", "[1,2]", "-", "x"));
        return json(body, "top-level " + body);
    }

    private Object wrongType(Kind kind) {
        return switch (kind) {
            case INT -> pick(List.of("abc", "12abc", "1 000", true, false, List.of(), List.of(1), Obj.of(),
                    Obj.of("v", 1)));
            case DATE -> pick(List.of(true, false, List.of(), List.of("2024-01-01T00:00:00Z"), Obj.of(),
                    Obj.of("at", "2024-01-01T00:00:00Z")));
            case ATTRIBUTES, PATCH_ATTRIBUTES, CUSTOMER, SETTINGS, CALENDAR, RECORD, CONNECTION, POSITION ->
                    pick(List.of("x", 1, true, List.of(), List.of(Obj.of("a", 1))));
            case ADDRESSES, LIST -> pick(List.of("x", 1, true, Obj.of(), Obj.of("a", 1)));
            case BOOL -> pick(List.of("yes", "true", 1, 0, List.of(), Obj.of()));
            case TASK_REF -> pick(List.of("abc", "12", true, List.of(), Obj.of()));
            // Not a list: Jackson reads a list of numbers as bytes.
            case BASE64 -> pick(List.of(1, true, Obj.of(), Obj.of("a", "b")));
            default -> pick(List.of(42, -7, 3.5, true, false, List.of(), List.of("a"), Obj.of(),
                    Obj.of("a", "b")));
        };
    }

    private Object badValue(Field field, Obj valid) {
        Supplier<String> nul = () -> pick(List.of("a\u0000b", "\u0000", "x\u0000"));
        return switch (field.kind()) {
            case CAPTURE_ID -> pick(List.of(letters('c', 129 + random.nextInt(100)), "", "   ", nul.get()));
            case ID -> random.nextInt(4) == 0 ? letters('i', 65 + random.nextInt(100))
                    : pick(List.of("a b", " a", "é", "日本", "\uD83D\uDE00", "../x", "a/b", "a?b", "<x>", nul.get(),
                            "a\nb", "", "a\"b", "%2e%2e", "a#b", "a,b", "a\tb", "a'b", "a;b"));
            case TEXT -> random.nextBoolean() ? letters('t', field.max() + 1 + random.nextInt(100)) : nul.get();
            case NAME -> pick(List.of(letters('n', field.max() + 1 + random.nextInt(100)), "", "   ", nul.get()));
            case INT -> new Raw(pick(List.of("2147483648", "-2147483649", "9223372036854775808", "1e30", "1.5",
                    "123456789012345678901234567890", "1" + "0".repeat(1200), "-1e400", "0.0000001")));
            case DATE -> pick(List.of("2024-01-01T10:00:00", "2024-13-01T10:00:00Z", "2024-02-30T10:00:00Z",
                    "2024-01-01T25:00:00Z", "2024-01-01T10:61:00Z", "garbage", "2024-01-01", "10:00:00Z",
                    "2024-01-01T10:00:00+25:00", "tomorrow", "2024-1-1T10:00:00Z", "+1000000000-01-01T00:00:00Z",
                    "+999999-01-01T00:00:00Z", "-9999-01-01T00:00:00Z", "2024-01-01T10:00:00Zjunk",
                    "2024-01-01T10:00:00 Z", nul.get()));
            case ATTRIBUTES -> pick(List.of(Obj.of("a", Obj.of("b", 1)), Obj.of("a", List.of(1)),
                    Obj.of("no spaces", 1), Obj.of(letters('k', 65), 1), Obj.of("a", letters('v', 1001)),
                    many(101, "a"), Obj.of("", 1), Obj.of("é", 1), Obj.of("a", null), Obj.of("a", nul.get())));
            case PATCH_ATTRIBUTES -> pick(List.of(Obj.of("a", Obj.of("b", 1)), Obj.of("a", List.of(1)),
                    Obj.of("no spaces", 1), Obj.of(letters('k', 65), 1), Obj.of("a", letters('v', 1001)),
                    many(101, "a"), Obj.of("", 1), Obj.of("a", nul.get())));
            case CUSTOMER -> pick(List.of(many(51, "c"), Obj.of("name", nul.get()), Obj.of(nul.get(), "x")));
            case SETTINGS -> pick(List.of(Obj.of("a", Obj.of("b", 1)), Obj.of("a", List.of(1)),
                    Obj.of(letters('k', 65), 1), Obj.of("a", letters('v', 1001)), many(101, "s"),
                    Obj.of("a", nul.get())));
            case CALENDAR -> badCalendar();
            case ROLE -> pick(List.of("admin", "ADMIN", "Tenant", "root", " import", "import ", "", nul.get()));
            case ZONE -> pick(List.of("Mars/Olympus", "Europe/", "", "   ", letters('z', 65), "GMT+99",
                    "UTC+25:00", "../etc/passwd", nul.get()));
            case TENANT_ID -> pick(List.of("a b", letters('t', 33), "", "é", "../x", "a.b", "a/b", nul.get()));
            case ENUM -> pick(List.of("", "   ", "bogus", "IMAP", "Sent", "inboundnew", "outboundnew", nul.get(),
                    letters('e', 300)));
            case ADDRESS -> pick(List.of("not an address", "a@", "@b.c", "", "a b@c.d", letters('a', 250) + "@x.org",
                    "a\u0000@b.c", "a@b.c\n"));
            case POLL_INTERVAL -> pick(List.of("PT1S", "PT2H", "5m", "", "P1D", "PT-1M", "PT", nul.get()));
            case RECORD -> Obj.of("bogus", 1);
            case ADDRESSES -> pick(List.of(List.of(Obj.of("address", "not an address")), List.of(Obj.of("address", "")),
                    List.of(Obj.of("address", "a@b.c", "name", "x\ny")), List.of(Obj.of("bogus", 1))));
            case LIST, BOOL, BASE64 -> random.nextBoolean() ? wrongType(field.kind())
                    : pick(List.of("%%% not base64", "a", "===="));
            case TASK_REF -> new Raw(pick(List.of("9223372036854775808", "1.5", "999999999", "-1", "1e3")));
            case HASH -> pick(List.of("abc", "", letters('g', 64), letters('a', 65), letters('a', 63) + "\u0000"));
            case RECEIVED_TEXT -> letters('t', field.max() + 1 + random.nextInt(100));
            case NOT_BLANK -> pick(List.of("", "   ", "\t"));
            case CONNECTION -> pick(List.of(Obj.of("state", "bogus"), Obj.of(), Obj.of("state", "Connected"),
                    Obj.of("state", "connected", "checkedAt", "garbage"), Obj.of("state", "error", "bogus", 1)));
            case POSITION -> pick(List.of(Obj.of("uidValidity", -1, "lastUid", 1), Obj.of("lastUid", 1),
                    Obj.of("uidValidity", 1), Obj.of("uidValidity", 1, "lastUid", new Raw("1.5")),
                    Obj.of("uidValidity", 1, "lastUid", new Raw("9223372036854775808"))));
        };
    }

    private Obj badCalendar() {
        Obj week = Obj.of("MONDAY", List.of(Obj.of("from", "08:00", "to", "18:00")));
        return switch (random.nextInt(9)) {
            case 0 -> Obj.of("timeZone", "Europe/Paris");
            case 1 -> Obj.of("timeZone", "Mars/Olympus", "weeklyHours", week);
            case 2 -> Obj.of("timeZone", "UTC", "weeklyHours", Obj.of("FUNDAY", List.of()));
            case 3 -> Obj.of("timeZone", "UTC", "weeklyHours",
                    Obj.of("MONDAY", List.of(Obj.of("from", "25:00", "to", "26:00"))));
            case 4 -> Obj.of("timeZone", "UTC", "weeklyHours",
                    Obj.of("MONDAY", List.of(Obj.of("from", "18:00", "to", "08:00"))));
            case 5 -> Obj.of("timeZone", "UTC", "weeklyHours", week, "holidays", List.of("2024-13-01"));
            case 6 -> Obj.of("timeZone", "UTC", "weeklyHours", week, "color", "red");
            case 7 -> Obj.of("timeZone", "UTC", "weeklyHours", "x");
            default -> Obj.of("timeZone", 1, "weeklyHours", week);
        };
    }

    static Body json(String text, String mutation) {
        return new Body(text.getBytes(StandardCharsets.UTF_8), "application/json", mutation, null);
    }

    static Body json(Obj body, String mutation) {
        return json(FuzzJson.write(body), mutation);
    }

    static Body raw(byte[] bytes, String contentType, String mutation) {
        return new Body(bytes, contentType, mutation, null);
    }

    static Body none(String mutation) {
        return new Body(null, null, mutation, null);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Obj many(int n, String prefix) {
        Obj obj = Obj.of();
        for (int i = 0; i < n; i++) {
            obj = obj.plus(prefix + i, i);
        }
        return obj;
    }

    static String letters(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + " chars)" : s;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
