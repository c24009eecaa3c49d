package org.openiwd.etl.job.intraday;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.openiwd.etl.feed.FeedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the surrogate keys of the dimension members a page names and resolves each event's keys from them in Java,
 * so that the facts are written in their final shape (COPY into {@code i_task_event_fact}, no join per event). One
 * query per page: each dimension's rows for the page's distinct ids ({@code = ANY}), every version of the SCD-2
 * {@code department} and {@code process}, and the static {@code status} and {@code task_event_type}.
 *
 * <p>The resolution is exactly what the load's joins did before: an id the Data Mart does not have gives key 0 (the
 * "None" member, decision 7; after {@link DimensionPlaceholders} every id has a row, so that only happens for an
 * absent id); a process or department key is that of the version valid at the event's time
 * ({@code valid_from <= occurred_at < valid_to}, the infinities included), and an event that names only its process
 * belongs to the department of the process version valid then. Times are compared in microseconds, PostgreSQL's
 * precision, rounded as PostgreSQL rounds the instant the fact stores.
 *
 * <p>Transaction: the page's, after the placeholders are ensured (so that the keys read include them), with the
 * tenant schema on the search path. Concurrent pages of one tenant never run (the tenant lock), so no key appears
 * between this read and the page's writes. The {@link Keys} returned belongs to the page's thread: it remembers each
 * event's keys, which the event fact, the task's row and the work fact all need.
 */
@Component
class DimensionKeys {

    // Validity bounds in microseconds since the epoch, the infinities as null. Numbers, not the driver's
    // OffsetDateTime: its parsing, inlined into the row callback, was a large compilation of a one-shot load.
    private static final String KEYS = """
            SELECT 0 AS dimension, solution_id::text AS id, solution_key AS key, NULL::bigint AS valid_from,
                NULL::bigint AS valid_to, NULL::text AS department_id, NULL::boolean AS is_final
            FROM solution WHERE solution_id = ANY (?::text[])
            UNION ALL SELECT 1, category_id, category_key, NULL, NULL, NULL, NULL
            FROM category WHERE category_id = ANY (?::text[])
            UNION ALL SELECT 2, capture_point_id, capture_point_key, NULL, NULL, NULL, NULL
            FROM capture_point WHERE capture_point_id = ANY (?::text[])
            UNION ALL SELECT 3, queue_id, queue_key, NULL, NULL, NULL, NULL
            FROM queue WHERE queue_id = ANY (?::text[])
            UNION ALL SELECT 4, agent_id, agent_key, NULL, NULL, NULL, NULL
            FROM agent WHERE agent_id = ANY (?::text[])
            UNION ALL SELECT 5, name, media_type_key, NULL, NULL, NULL, NULL
            FROM media_type WHERE name = ANY (?::text[])
            UNION ALL SELECT 6, name, result_code_key, NULL, NULL, NULL, NULL
            FROM result_code WHERE name = ANY (?::text[])
            UNION ALL SELECT 7, process_id, process_key,
                CASE WHEN isfinite(valid_from) THEN (extract(epoch FROM valid_from) * 1000000)::bigint END,
                CASE WHEN isfinite(valid_to) THEN (extract(epoch FROM valid_to) * 1000000)::bigint END,
                department_id, NULL
            FROM process WHERE process_id = ANY (?::text[])
            UNION ALL SELECT 8, department_id, department_key,
                CASE WHEN isfinite(valid_from) THEN (extract(epoch FROM valid_from) * 1000000)::bigint END,
                CASE WHEN isfinite(valid_to) THEN (extract(epoch FROM valid_to) * 1000000)::bigint END, NULL, NULL
            FROM department
            WHERE department_id = ANY (?::text[] || ARRAY(SELECT p.department_id FROM process p
                                                        WHERE p.process_id = ANY (?::text[])
                                                        AND p.department_id IS NOT NULL))
            UNION ALL SELECT 9, name, status_key, NULL, NULL, NULL, is_final FROM status
            UNION ALL SELECT 10, name, task_event_type_key, NULL, NULL, NULL, NULL FROM task_event_type""";

    private static final int SOLUTION = 0, CATEGORY = 1, CAPTURE_POINT = 2, QUEUE = 3, AGENT = 4, MEDIA_TYPE = 5,
            RESULT_CODE = 6, PROCESS = 7, DEPARTMENT = 8, STATUS = 9, TASK_EVENT_TYPE = 10;

    private final JdbcClient jdbc;

    DimensionKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Reads the keys of every member the page's ids name, and resolves the keys of {@code events} (the page's
     * events to write) from them, in one loop: the JIT compiles the resolution there once, instead of into each of
     * the writers that ask for keys (a one-shot load spends a large part of its CPU in the JIT).
     */
    Keys read(PageIds ids, List<FeedEvent> events) {
        List<Map<String, Integer>> keys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            keys.add(new HashMap<>());
        }
        Map<String, List<Version>> processes = new HashMap<>();
        Map<String, List<Version>> departments = new HashMap<>();
        Map<String, Status> statuses = new HashMap<>();
        Map<String, Integer> types = new HashMap<>();
        String[] processIds = ids.processes().keySet().toArray(String[]::new);
        jdbc.sql(KEYS).params(array(ids.solutions()), array(ids.categories()), array(ids.capturePoints()),
                array(ids.queues()), array(ids.agents()), array(ids.mediaTypes()), array(ids.resultCodes()),
                processIds, array(ids.departments()), processIds).query(rs -> {
                    int dimension = rs.getInt(1);
                    String id = rs.getString(2);
                    int key = rs.getInt(3);
                    switch (dimension) {
                        case PROCESS, DEPARTMENT -> (dimension == PROCESS ? processes : departments)
                                .computeIfAbsent(id, x -> new ArrayList<>())
                                .add(new Version(key, micros(rs, 4, Long.MIN_VALUE), micros(rs, 5, Long.MAX_VALUE),
                                        rs.getString(6)));
                        case STATUS -> statuses.put(id, new Status(key, rs.getBoolean(7)));
                        case TASK_EVENT_TYPE -> types.put(id, key);
                        default -> keys.get(dimension).put(id, key);
                    }
                });
        return new Keys(keys, processes, departments, statuses, types, events);
    }

    private static String[] array(Set<String> ids) {
        return ids.toArray(String[]::new);
    }

    /**
     * The 15-minute interval ({@code date_time_key}) of an event time as its fact stores it: the time rounded to
     * PostgreSQL's microseconds first, so that the key, the calendar rows and the touched intervals agree with
     * {@code floor(extract(epoch FROM occurred_at) / 900)} of the stored value.
     */
    static int dateTimeKey(Instant t) {
        return dateTimeKey(micros(t));
    }

    private static int dateTimeKey(long micros) {
        return Math.toIntExact(Math.floorDiv(micros, 900_000_000L));
    }

    /** An instant in microseconds since the epoch, rounded as PostgreSQL rounds a timestamp's fraction (rint). */
    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (long) Math.rint(t.getNano() / 1e3));
    }

    /** The microseconds in {@code column}, {@code infinity} for null. */
    private static long micros(ResultSet rs, int column, long infinity) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? infinity : micros;
    }

    /** A version of an SCD-2 member, valid over {@code [from, to)} in microseconds. */
    private record Version(int key, long from, long to, String departmentId) {

        boolean validAt(long t) {
            return from <= t && t < to;
        }
    }

    /** A status's key, and whether a task in it is finished. */
    private record Status(int key, boolean isFinal) {
    }

    /**
     * An event's keys as its fact row holds them, {@code dateTime} the 15-minute interval ({@code date_time_key}) of
     * its time as stored; {@code isFinal} whether its status is final.
     */
    record EventKeys(short type, short status, boolean isFinal, int dateTime, int solution, int department,
            int process, int category, int capturePoint, int queue, int previousQueue, int agent, int previousAgent,
            int mediaType, int resultCode) {
    }

    /** The keys of one page's members, and each event's keys once resolved. Not thread-safe. */
    static final class Keys {

        // By identity: resolving takes a dozen hash look-ups of the event's fresh strings (the hottest Java code of
        // the load in a JFR profile), and the page asks for most events' keys two or three times.
        private final Map<FeedEvent, EventKeys> resolved;

        private final List<Map<String, Integer>> keys;
        private final Map<String, List<Version>> processes;
        private final Map<String, List<Version>> departments;
        private final Map<String, Status> statuses;
        private final Map<String, Integer> types;

        private Keys(List<Map<String, Integer>> keys, Map<String, List<Version>> processes,
                Map<String, List<Version>> departments, Map<String, Status> statuses, Map<String, Integer> types,
                List<FeedEvent> events) {
            this.keys = keys;
            this.processes = processes;
            this.departments = departments;
            this.statuses = statuses;
            this.types = types;
            this.resolved = new IdentityHashMap<>(events.size());
            for (FeedEvent e : events) {
                resolved.put(e, resolve(e));
            }
        }

        /**
         * The keys of one of the events these keys were read for. A type or status the Data Mart does not know
         * cannot come from the parser, which accepts only those of DESIGN 4.3: {@link IllegalStateException} when
         * the keys are read, and the page rolls back.
         */
        EventKeys of(FeedEvent e) {
            EventKeys keys = resolved.get(e);
            if (keys == null) {
                throw new IllegalArgumentException("event " + e.id() + " is not one the keys were read for");
            }
            return keys;
        }

        private EventKeys resolve(FeedEvent e) {
            long t = micros(e.occurredAt());
            Version process = valid(processes, e.processId(), t);
            String departmentId = e.departmentId() != null ? e.departmentId()
                    : process == null ? null : process.departmentId();
            Version department = valid(departments, departmentId, t);
            int type = known(types, e.type(), "event type");
            Status status = known(statuses, e.status(), "status");
            return new EventKeys((short) type, (short) status.key(), status.isFinal(), dateTimeKey(t),
                    key(SOLUTION, e.solutionId()),
                    department == null ? 0 : department.key(), process == null ? 0 : process.key(),
                    key(CATEGORY, e.categoryId()), key(CAPTURE_POINT, e.capturePointId()), key(QUEUE, e.queueId()),
                    key(QUEUE, e.previousQueueId()), key(AGENT, e.agentId()), key(AGENT, e.previousAgentId()),
                    key(MEDIA_TYPE, e.mediaType()), key(RESULT_CODE, e.resultCode()));
        }

        /** The key of an agent id, 0 for none. */
        int agent(String agentId) {
            return key(AGENT, agentId);
        }

        private int key(int dimension, String id) {
            return id == null ? 0 : keys.get(dimension).getOrDefault(id, 0);
        }

        private static Version valid(Map<String, List<Version>> versions, String id, long t) {
            if (id == null) {
                return null;
            }
            for (Version v : versions.getOrDefault(id, List.of())) {
                if (v.validAt(t)) {
                    return v;
                }
            }
            return null;
        }

        private static <T> T known(Map<String, T> keys, String name, String what) {
            T key = keys.get(name);
            if (key == null) {
                throw new IllegalStateException("The Data Mart has no " + what + " " + name);
            }
            return key;
        }
    }
}
