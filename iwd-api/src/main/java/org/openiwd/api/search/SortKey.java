package org.openiwd.api.search;

/**
 * What a search sorts on. Each key is a whole number on both backends (times as epoch milliseconds) and a missing
 * value counts as {@link #MISSING}, larger than any other: last in ascending order, first in descending order, as
 * Elasticsearch's {@code missing: _last}/{@code _first} gives it for {@code long} and {@code date} fields. The task
 * id breaks ties, in the same direction.
 */
enum SortKey {

    PRIORITY("priority", "coalesce(t.priority::bigint, 9223372036854775807)"),
    DUE_AT("dueAt", "coalesce(search_millis(t.due_at), 9223372036854775807)"),
    CREATED_AT("createdAt", "search_millis(t.created_at)");

    /** The value that stands for a missing one: {@link Long#MAX_VALUE}, what Elasticsearch reports for it. */
    static final long MISSING = Long.MAX_VALUE;

    private final String wireName;
    private final String sql;

    SortKey(String wireName, String sql) {
        this.wireName = wireName;
        this.sql = sql;
    }

    /** The name in {@code sort=} and the field of the Elasticsearch document. */
    String wireName() {
        return wireName;
    }

    /** The SQL expression on table {@code task t}; matches the indexes of migration V10. */
    String sql() {
        return sql;
    }

    /** The key named {@code value}, or null when there is none. */
    static SortKey fromWire(String value) {
        for (SortKey key : values()) {
            if (key.wireName.equals(value)) {
                return key;
            }
        }
        return null;
    }
}
