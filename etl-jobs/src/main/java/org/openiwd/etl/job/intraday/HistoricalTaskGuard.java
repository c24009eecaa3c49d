package org.openiwd.etl.job.intraday;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.openiwd.etl.feed.FeedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the events of tasks already moved to the historical tables out of the load, so a task never gets a second
 * {@code task_fact} row (one in {@code h_}, one in {@code i_}). Such a task is final, and a final task gets no
 * more events, so an event for it is either one the {@code h_} tables already hold (a replay or a rebuild of the
 * feed: dropped, as the load is idempotent) or a new one that contradicts the lifecycle (quarantined with the
 * reason, the event as the feed gives it as payload, so that a quarantine replay parses it as it parsed the page).
 * Either way the watermark moves past it and nothing else changes.
 *
 * <p>The page's distinct task ids are probed against {@code h_task_fact} in one query ({@code = ANY}); only when
 * some task has moved are its events probed against {@code h_task_event_fact}.
 *
 * <p>Transaction: the page's, before anything of the page is written, with the tenant schema on the search path.
 * A task moves only under the tenant lock ({@code nightly}), which the load holds too, so the answer holds until
 * the page commits. Stateless, thread-safe.
 */
@Component
class HistoricalTaskGuard {

    private static final String MOVED_TASKS = "SELECT task_id FROM h_task_fact WHERE task_id = ANY (?::bigint[])";

    private static final String MOVED_EVENTS = """
            SELECT event_id FROM h_task_event_fact WHERE event_id = ANY (?::bigint[])""";

    private static final String QUARANTINE = """
            INSERT INTO etl_quarantine (feed, event_id, raw_payload, reason, etl_audit_key)
            SELECT 'task', q.event_id, q.raw_payload, q.reason, ?
            FROM unnest(?::bigint[], ?::text[], ?::text[]) q (event_id, raw_payload, reason)""";

    private final JdbcClient jdbc;
    // The event as a feed page holds it (DESIGN 4.3): FeedEvent's components are the feed's fields, absent ones
    // left out, times in ISO-8601.
    private final ObjectWriter payloads;

    HistoricalTaskGuard(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.payloads = json.rebuild()
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build().writer();
    }

    /** Returns the events to load: those of tasks not moved, in their order; {@code taskIds} their distinct tasks. */
    List<FeedEvent> setAsideMovedTasks(List<FeedEvent> events, long[] taskIds, long auditKey) {
        Set<Long> moved = new HashSet<>(jdbc.sql(MOVED_TASKS).param(taskIds).query(Long.class).list());
        if (moved.isEmpty()) {
            return events;
        }
        List<FeedEvent> kept = new ArrayList<>(events.size());
        List<FeedEvent> aside = new ArrayList<>();
        for (FeedEvent e : events) {
            (moved.contains(e.taskId()) ? aside : kept).add(e);
        }
        Set<Long> inHistory = new HashSet<>(jdbc.sql(MOVED_EVENTS)
                .param(aside.stream().mapToLong(FeedEvent::id).toArray()).query(Long.class).list());
        List<FeedEvent> refused = aside.stream().filter(e -> !inHistory.contains(e.id())).toList();
        if (!refused.isEmpty()) {
            jdbc.sql(QUARANTINE).params(auditKey, refused.stream().mapToLong(FeedEvent::id).toArray(),
                    refused.stream().map(payloads::writeValueAsString).toArray(String[]::new),
                    refused.stream().map(e -> "Task " + e.taskId() + " is final and already moved to the historical"
                            + " tables: an event after its end is refused").toArray(String[]::new))
                    .update();
        }
        return kept;
    }
}
