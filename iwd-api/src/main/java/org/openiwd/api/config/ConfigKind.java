package org.openiwd.api.config;

import java.util.Arrays;

/**
 * The kinds of configuration object, their collection in the URL, and the kind their {@code parentId} names:
 * departments belong to a solution, processes to a department, categories may nest.
 */
public enum ConfigKind {
    SOLUTION("solution", "solutions", null, false),
    DEPARTMENT("department", "departments", "solution", false),
    PROCESS("process", "processes", "department", true),
    CATEGORY("category", "categories", "category", false),
    CAPTURE_POINT("capture_point", "capture-points", null, false),
    QUEUE("queue", "queues", null, false),
    BUSINESS_CALENDAR("business_calendar", "business-calendars", null, false),
    /** Served by the mailbox feature, which validates the settings and keeps the secrets out of them. */
    MAILBOX("mailbox", "mailboxes", null, false);

    private final String column;
    private final String collection;
    private final String parentKind;
    private final boolean parentRequired;

    ConfigKind(String column, String collection, String parentKind, boolean parentRequired) {
        this.column = column;
        this.collection = collection;
        this.parentKind = parentKind;
        this.parentRequired = parentRequired;
    }

    /** The value stored in {@code config_object.kind} and sent in configuration events. */
    public String wireName() {
        return column;
    }

    public String collection() {
        return collection;
    }

    /** The kind of the parent, or null when objects of this kind have none. */
    public ConfigKind parentKind() {
        return parentKind == null ? null : fromWire(parentKind);
    }

    public boolean parentRequired() {
        return parentRequired;
    }

    static ConfigKind fromCollection(String collection) {
        return Arrays.stream(values()).filter(k -> k.collection.equals(collection)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown collection '" + collection + "'"));
    }

    static ConfigKind fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.column.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown kind '" + wire + "'"));
    }
}
