package org.openiwd.etl.aggregate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An aggregate table ({@code h_<area>_fact_15min} or {@code h_<area>_fact_day}) and the two statements that bring
 * it in line with freshly computed rows for a scope of intervals or days: an upsert that leaves rows whose
 * measures did not change untouched (so they keep their audit keys), and a delete of the scope's rows that have
 * no fresh counterpart any more.
 *
 * @param name the table
 * @param keys the primary key, the interval or day column first
 * @param measures the measure columns
 */
record AggregateTable(String name, List<String> keys, List<String> measures) {

    /** Upserts the rows of temp table {@code fresh} (keys and measures by name); parameter {@code :audit}. */
    String upsert(String fresh) {
        String keyList = String.join(", ", keys);
        String measureList = String.join(", ", measures);
        return """
                INSERT INTO %1$s AS f (%2$s, %3$s, created_etl_audit_key, updated_etl_audit_key)
                SELECT %2$s, %3$s, :audit, :audit FROM %4$s
                ON CONFLICT (%2$s) DO UPDATE SET %5$s, updated_etl_audit_key = excluded.updated_etl_audit_key
                WHERE (%6$s) IS DISTINCT FROM (%7$s)""".formatted(name, keyList, measureList, fresh,
                measures.stream().map(m -> m + " = excluded." + m).collect(Collectors.joining(", ")),
                prefixed("f.", measures), prefixed("excluded.", measures));
    }

    /**
     * Deletes the rows of the intervals or days listed in temp table {@code scope} that {@code fresh} lacks. The
     * scope's bounds restrict the table's rows too: without them, a table without statistics (autovacuum behind, or
     * off) is planned as if every row matched the scope, and read whole (0.29 s of 540 000 agent rows for 190
     * intervals); a two-sided range is estimated small and read through the primary key, whose first column it is.
     */
    String deleteStale(String fresh, String scope) {
        String scopeKey = keys.getFirst();
        return """
                DELETE FROM %1$s f
                USING %2$s k
                WHERE f.%3$s = k.%3$s
                  AND f.%3$s BETWEEN (SELECT min(%3$s) FROM %2$s) AND (SELECT max(%3$s) FROM %2$s)
                  AND NOT EXISTS (SELECT 1 FROM %4$s n WHERE (%5$s) = (%6$s))""".formatted(name, scope, scopeKey,
                fresh, prefixed("n.", keys), prefixed("f.", keys));
    }

    private static String prefixed(String prefix, List<String> columns) {
        return columns.stream().map(c -> prefix + c).collect(Collectors.joining(", "));
    }
}
