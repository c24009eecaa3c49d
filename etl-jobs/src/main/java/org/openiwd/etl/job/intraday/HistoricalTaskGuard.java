package org.openiwd.etl.job.intraday;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the events of tasks already moved to the historical tables out of the load, so a task never gets a second
 * {@code task_fact} row (one in {@code h_}, one in {@code i_}). Such a task is final, and a final task gets no
 * more events, so an event for it is either one the {@code h_} tables already hold (a replay or a rebuild of the
 * feed: dropped, as the load is idempotent) or a new one that contradicts the lifecycle (quarantined with the
 * reason, its staged row as payload). Either way the watermark moves past it and nothing else changes.
 *
 * <p>Transaction: the page's, right after the page is staged in {@code stage_event} and {@code stage_task}, with the
 * tenant schema on the search path.
 */
@Component
class HistoricalTaskGuard {

    private static final String SET_ASIDE = """
            WITH moved AS (
                DELETE FROM stage_event s
                WHERE EXISTS (SELECT 1 FROM h_task_fact h WHERE h.task_id = s.task_id)
                RETURNING s.*
            ), moved_task AS (
                DELETE FROM stage_task s WHERE s.task_id IN (SELECT task_id FROM moved)
            )
            INSERT INTO etl_quarantine (feed, event_id, raw_payload, reason, etl_audit_key)
            SELECT 'task', m.event_id, row_to_json(m)::text,
                'Task ' || m.task_id || ' is final and already moved to the historical tables:'
                    || ' an event after its end is refused', :audit
            FROM moved m
            WHERE NOT EXISTS (SELECT 1 FROM h_task_event_fact e WHERE e.event_id = m.event_id)""";

    private final JdbcClient jdbc;

    HistoricalTaskGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns the number of events quarantined. */
    int setAsideMovedTasks(long auditKey) {
        return jdbc.sql(SET_ASIDE).param("audit", auditKey).update();
    }
}
