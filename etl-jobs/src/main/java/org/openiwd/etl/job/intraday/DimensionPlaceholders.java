package org.openiwd.etl.job.intraday;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Creates placeholder dimension rows for the ids a page of events names that the Data Mart does not have yet
 * (configuration not loaded, an agent the Info Mart does not know), so that every event fact gets its key;
 * {@code loadConfig} and {@code loadAgents} later fill in the names. The page's distinct ids ({@link PageIds}),
 * collected in one pass over the events, are sent as arrays: a handful of index probes per dimension. An id named
 * only by an event that is then set aside (see {@link HistoricalTaskGuard}) still gets its placeholder, a dimension
 * row without facts. {@link DimensionKeys} then reads the keys of all of them.
 *
 * <p>Transaction: the page's, with the tenant schema on the search path. Concurrent pages of one tenant never run
 * (the tenant lock); {@code ON CONFLICT DO NOTHING} makes a repeat harmless.
 */
@Component
class DimensionPlaceholders {

    private static final String KEYED = """
            INSERT INTO %1$s (%1$s_id, name, is_placeholder)
            SELECT id, id, true FROM unnest(?::text[]) id
            ON CONFLICT (%1$s_id) DO NOTHING""";

    private static final String AGENTS = """
            INSERT INTO agent (agent_id, is_placeholder)
            SELECT id, true FROM unnest(?::text[]) id
            ON CONFLICT (agent_id) DO NOTHING""";

    private static final String NAMED = """
            INSERT INTO %1$s (name) SELECT name FROM unnest(?::text[]) name
            ON CONFLICT (name) DO NOTHING""";

    // Department and process are SCD-2: a placeholder is version 0, valid forever, for an id without any version.
    private static final String DEPARTMENTS = """
            INSERT INTO department (department_id, name, version, valid_from, is_placeholder)
            SELECT id, id, 0, '-infinity'::timestamptz, true FROM unnest(?::text[]) id
            WHERE NOT EXISTS (SELECT 1 FROM department d WHERE d.department_id = id)
            ON CONFLICT (department_id, version) DO NOTHING""";

    private static final String PROCESSES = """
            INSERT INTO process (process_id, department_id, name, version, valid_from, is_placeholder)
            SELECT p.id, p.department_id, p.id, 0, '-infinity'::timestamptz, true
            FROM unnest(?::text[], ?::text[]) p (id, department_id)
            WHERE NOT EXISTS (SELECT 1 FROM process x WHERE x.process_id = p.id)
            ON CONFLICT (process_id, version) DO NOTHING""";

    private final JdbcClient jdbc;

    DimensionPlaceholders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the missing rows for every dimension id of the page. */
    void ensure(PageIds ids) {
        insert(KEYED.formatted("solution"), ids.solutions());
        insert(KEYED.formatted("category"), ids.categories());
        insert(KEYED.formatted("capture_point"), ids.capturePoints());
        insert(KEYED.formatted("queue"), ids.queues());
        insert(AGENTS, ids.agents());
        insert(NAMED.formatted("media_type"), ids.mediaTypes());
        insert(NAMED.formatted("result_code"), ids.resultCodes());
        insert(DEPARTMENTS, ids.departments());
        if (!ids.processes().isEmpty()) {
            Map<String, String> processes = new TreeMap<>(ids.processes());
            jdbc.sql(PROCESSES).params(processes.keySet().toArray(String[]::new),
                    processes.values().toArray(String[]::new)).update();
        }
    }

    // Sorted, so that concurrent inserts of the same ids take their locks in order.
    private void insert(String sql, Set<String> values) {
        if (!values.isEmpty()) {
            String[] sorted = values.toArray(String[]::new);
            Arrays.sort(sorted);
            jdbc.sql(sql).param(sorted).update();
        }
    }
}
