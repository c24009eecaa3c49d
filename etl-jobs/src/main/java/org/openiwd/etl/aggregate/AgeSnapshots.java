package org.openiwd.etl.aggregate;

import java.time.Instant;
import java.util.List;

import org.openiwd.etl.calendar.CalendarRows;
import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code task_age} backlog snapshots: for each 15-minute interval, the tasks open at its end (created before
 * it, not final at it) by age band, queue and process as they were at that instant, from the tasks' own event
 * histories. Snapshots exist for every interval from the first one ever aggregated up to
 * {@code etl_age_snapshot.through_date_time_key}; an interval without a row had no open task.
 *
 * <p>A late event changes every snapshot from its interval on, so a span is always recomputed from its first
 * interval to the newest snapshot: the cost is the events of the tasks that changed during the span, the groups of
 * the open backlog that did not ({@code age_backlog}, kept by triggers on the task facts), and the snapshot rows
 * of the span; in steady state the span is the interval or two the new events fall in. Every interval of the span
 * gets its calendar row; rows that did not change keep their audit keys, and only the days with a row that changed
 * go into {@code etl_touched_day}.
 *
 * <p>Transaction: the caller's, with the tenant schema on the search path; the snapshot rows, how far they reach
 * and the touched days change together.
 */
@Component
class AgeSnapshots {

    private static final String SPAN = """
            DROP TABLE IF EXISTS agg_age_interval;
            CREATE TEMP TABLE agg_age_interval (date_time_key integer PRIMARY KEY) ON COMMIT DROP;
            DROP TABLE IF EXISTS age_changed;
            CREATE TEMP TABLE age_changed (date_time_key integer PRIMARY KEY) ON COMMIT DROP;
            DROP TABLE IF EXISTS fresh_task_age;
            CREATE TEMP TABLE fresh_task_age (date_time_key integer, age_key smallint, queue_key integer,
                process_key integer, open_tasks integer, sum_age_sec bigint) ON COMMIT DROP""";

    private static final String SPAN_INTERVALS = """
            INSERT INTO agg_age_interval SELECT generate_series(:first, :last)""";

    // A task's segments: from each of its events to the next, in the state that event left it in; a segment
    // (from, to] holds the ends of intervals k_from..k_to. Within a segment the age grows with k, so each age band
    // covers a contiguous k_lo..k_hi: the band adds one task (and its start) at k_lo and takes it off after k_hi.
    // Running sums of those changes give the snapshots, so the work follows the segments, not segments x intervals.
    // OFFSET 0 keeps the events read per candidate task, by index, however many events the tenant has; the
    // candidates in task order let the window sort each task's few events (an incremental sort), not all of them.
    // An event's interval is its date_time_key (floor(epoch / 900) by the facts' contract), so k_from and k_to need
    // no arithmetic on timestamps, and a start is turned into seconds only for the segments that stay.
    // A task whose newest event comes before the end of the span's first interval is in that event's state for the
    // whole span: it is settled, and its one segment runs from its creation through the span. Over a long history
    // those are most of the open tasks (the backlog). They are not read one by one: age_backlog (Data Mart V21,
    // kept by triggers on the task facts) holds every open task grouped as the banding below needs it, by queue,
    // process and start interval, and the settled groups are those less the open tasks that changed since the
    // span's first interval (partial index i_task_fact_open on last_event_at), whose events are read anyway. So
    // the tasks read follow the tasks that changed, and the groups read follow the backlog's distinct
    // (queue, process, start interval), not its tasks.
    // The tasks whose events are read: open ones changed since the span began, open ones whose creation has not been
    // loaded (i_task_fact_uncreated), and those finished since the span began (the *_task_fact_finished indexes),
    // as disjoint branches: one OR of them made it a scan of every task. The finished ones are bounded on both sides
    // (< 'infinity' excludes nothing): a table without statistics (autovacuum behind a load, or off) estimates a
    // third of its rows for a one-sided range and scans them all (0.43 s of 2.3 million task rows), a two-sided
    // range at 0.5 %, which takes the index; with statistics the bound changes no estimate.
    // Band bounds are multiples of 900 s (V20), so a segment's bands and their k_lo..k_hi depend on its start only
    // through the interval the start falls in, c = ceil(start / 900): segments alike in (queue, process, k_from,
    // k_to, c) are banded once, with their count and the sum of their starts (sum_age_sec is linear in the starts).
    private static final String FRESH = """
            INSERT INTO fresh_task_age (date_time_key, age_key, queue_key, process_key, open_tasks, sum_age_sec)
            WITH changed AS MATERIALIZED (
                SELECT task_id, queue_key, process_key, status_key, created_at
                FROM i_task_fact WHERE finished_at IS NULL AND last_event_at >= to_timestamp((:first + 1) * 900::bigint)
                UNION ALL
                SELECT task_id, queue_key, process_key, status_key, created_at
                FROM h_task_fact WHERE finished_at IS NULL AND last_event_at >= to_timestamp((:first + 1) * 900::bigint)
            ), candidate AS (
                SELECT task_id FROM changed
                WHERE coalesce(created_at, '-infinity') < to_timestamp((:last + 1) * 900::bigint)
                UNION ALL
                SELECT task_id FROM i_task_fact
                WHERE finished_at IS NULL AND created_at IS NULL
                    AND last_event_at < to_timestamp((:first + 1) * 900::bigint)
                UNION ALL
                SELECT task_id FROM h_task_fact
                WHERE finished_at IS NULL AND created_at IS NULL
                    AND last_event_at < to_timestamp((:first + 1) * 900::bigint)
                UNION ALL
                SELECT task_id FROM i_task_fact
                WHERE finished_at >= to_timestamp((:first + 1) * 900::bigint) AND finished_at < 'infinity'
                    AND coalesce(created_at, '-infinity') < to_timestamp((:last + 1) * 900::bigint)
                UNION ALL
                SELECT task_id FROM h_task_fact
                WHERE finished_at >= to_timestamp((:first + 1) * 900::bigint) AND finished_at < 'infinity'
                    AND coalesce(created_at, '-infinity') < to_timestamp((:last + 1) * 900::bigint)
            ), settled AS (
                SELECT queue_key, process_key, start_interval, sum(tasks) AS tasks, sum(sum_start_sec) AS starts
                FROM (SELECT queue_key, process_key, start_interval, tasks, sum_start_sec FROM age_backlog
                      UNION ALL
                      SELECT ch.queue_key, ch.process_key, (ch.start_sec + 899) / 900, -1, -ch.start_sec
                      FROM (SELECT c.queue_key, c.process_key, c.status_key,
                                ceil(extract(epoch FROM c.created_at))::bigint AS start_sec
                            FROM changed c WHERE c.created_at IS NOT NULL) ch
                      JOIN status s ON s.status_key = ch.status_key
                      WHERE NOT s.is_final) b
                GROUP BY queue_key, process_key, start_interval
            ), segment AS (
                SELECT e.queue_key, e.process_key, s.is_final, min(e.occurred_at) OVER w AS start_at,
                    greatest(:first, e.date_time_key) AS k_from,
                    least(:last, coalesce(lead(e.date_time_key) OVER w - 1, :last)) AS k_to
                FROM (SELECT task_id FROM candidate ORDER BY task_id) c
                CROSS JOIN LATERAL (SELECT x.queue_key, x.process_key, x.status_key, x.occurred_at, x.date_time_key,
                                        x.event_id
                                    FROM task_event_fact x WHERE x.task_id = c.task_id OFFSET 0) e
                JOIN status s ON s.status_key = e.status_key
                WINDOW w AS (PARTITION BY c.task_id ORDER BY e.occurred_at, e.event_id)
            ), grouped AS (
                SELECT queue_key, process_key, k_from, k_to, ((start_sec + 899) / 900)::integer AS c,
                    count(*) AS tasks, sum(start_sec) AS starts
                FROM (SELECT queue_key, process_key, k_from, k_to,
                          ceil(extract(epoch FROM start_at))::bigint AS start_sec
                      FROM segment
                      WHERE NOT is_final AND k_from <= k_to) g
                GROUP BY queue_key, process_key, k_from, k_to, c
                UNION ALL
                SELECT queue_key, process_key, :first, :last, start_interval, tasks, starts
                FROM settled WHERE tasks > 0
            ), banded AS (
                SELECT ag.age_key, g.queue_key, g.process_key, g.tasks, g.starts,
                    greatest(g.k_from, ag.lower_sec / 900 + g.c - 1) AS k_lo,
                    least(g.k_to, coalesce(ag.upper_sec / 900 + g.c - 2, g.k_to)) AS k_hi
                FROM grouped g
                JOIN age ag ON ag.lower_sec <= (g.k_to + 1 - g.c) * 900::bigint
                    AND (ag.upper_sec IS NULL OR ag.upper_sec > (g.k_from + 1 - g.c) * 900::bigint)
            ), net AS (
                SELECT d.k, b.age_key, b.queue_key, b.process_key, sum(d.tasks) AS tasks, sum(d.starts) AS starts
                FROM banded b
                CROSS JOIN LATERAL (VALUES (b.k_lo, b.tasks, b.starts), (b.k_hi + 1, -b.tasks, -b.starts))
                    d (k, tasks, starts)
                GROUP BY d.k, b.age_key, b.queue_key, b.process_key
            ), running AS (
                SELECT k, age_key, queue_key, process_key, sum(tasks) OVER r AS open_tasks,
                    sum(starts) OVER r AS sum_start, lead(k) OVER r AS next_k
                FROM net
                WINDOW r AS (PARTITION BY age_key, queue_key, process_key ORDER BY k)
            )
            SELECT i, age_key, queue_key, process_key, open_tasks, (i + 1) * 900::bigint * open_tasks - sum_start
            FROM running
            CROSS JOIN LATERAL generate_series(k, coalesce(next_k, :last + 1) - 1) i
            WHERE open_tasks > 0""";

    private static final String THROUGH = """
            INSERT INTO etl_age_snapshot (through_date_time_key, updated_etl_audit_key) VALUES (:last, :audit)
            ON CONFLICT (singleton) DO UPDATE SET through_date_time_key = excluded.through_date_time_key,
                updated_etl_audit_key = excluded.updated_etl_audit_key
            WHERE etl_age_snapshot.through_date_time_key < excluded.through_date_time_key""";

    // Only the days whose snapshots changed need their day rows again: a late event recomputes a long span,
    // but it changes the snapshots of few days.
    private static final String CHANGED = """
            WITH changed AS (%s
                RETURNING f.date_time_key)
            INSERT INTO age_changed SELECT DISTINCT date_time_key FROM changed
            ON CONFLICT (date_time_key) DO NOTHING""";

    private static final String TOUCHED_DAYS = """
            INSERT INTO etl_touched_day (event_date_key)
            SELECT DISTINCT dt.event_date_key FROM age_changed c JOIN date_time dt ON dt.date_time_key = c.date_time_key
            ON CONFLICT (event_date_key) DO NOTHING""";

    private final JdbcClient jdbc;
    private final CalendarRows calendar;

    AgeSnapshots(JdbcClient jdbc, CalendarRows calendar) {
        this.jdbc = jdbc;
        this.calendar = calendar;
    }

    /**
     * Recomputes the snapshots that events in the intervals {@code firstTouched..lastTouched} may have changed:
     * from the first touched interval (or the first interval after the newest snapshot, if that comes earlier)
     * to the newest snapshot or the last touched interval, whichever is later.
     */
    void coverTouched(DataMartTenant tenant, int firstTouched, int lastTouched, long auditKey) {
        snapshot(tenant, spanCovering(firstTouched, lastTouched), auditKey);
    }

    /** Intervals {@code first..last}, inclusive. */
    record Span(int first, int last) {

        int length() {
            return last - first + 1;
        }

        /** The span in two halves, the first one the longer by one interval if the length is odd. */
        List<Span> halves() {
            int middle = (first + last) / 2;
            return List.of(new Span(first, middle), new Span(middle + 1, last));
        }
    }

    /** The span that {@link #coverTouched} recomputes for these touched intervals. */
    Span spanCovering(int firstTouched, int lastTouched) {
        Integer through = through();
        return through == null ? new Span(firstTouched, lastTouched)
                : new Span(Math.min(firstTouched, through + 1), Math.max(through, lastTouched));
    }

    /**
     * Takes the snapshots on to interval {@code last} (inclusive) where they stop before it: the quiet intervals
     * after the newest event, for a day that is to be closed. Nothing when no snapshot was ever taken.
     */
    void extendThrough(DataMartTenant tenant, int last, long auditKey) {
        Integer through = through();
        if (through != null && through < last) {
            snapshot(tenant, new Span(through + 1, last), auditKey);
        }
    }

    private Integer through() {
        return jdbc.sql("SELECT through_date_time_key FROM etl_age_snapshot").query(Integer.class).optional()
                .orElse(null);
    }

    /**
     * The open backlog's groups (queue, process, start interval) whose start interval is {@code span}'s first or
     * earlier: the tasks its snapshots take as settled, banded over every interval of the span.
     */
    int settledGroupsBefore(Span span) {
        return jdbc.sql("SELECT count(*) FROM age_backlog WHERE start_interval <= ? AND tasks > 0")
                .param(span.first()).query(Integer.class).single();
    }

    /** The calendar rows of the span's intervals, which every snapshot of them joins. */
    void ensureCalendar(DataMartTenant tenant, Span span) {
        calendar.ensureRange(tenant.timeZone(), Instant.ofEpochSecond(span.first() * 900L),
                Instant.ofEpochSecond((span.last() + 1) * 900L));
    }

    private void snapshot(DataMartTenant tenant, Span span, long auditKey) {
        ensureCalendar(tenant, span);
        recompute(span, auditKey);
    }

    /**
     * Recomputes the snapshots of the span's intervals from the facts, and takes the newest snapshot on to its last
     * interval if it stops before; their calendar rows exist ({@link #ensureCalendar}). Exact for any span: what a
     * span's snapshots read does not depend on earlier snapshots, so two parts of a span can be computed apart, also
     * at the same time.
     */
    void recompute(Span span, long auditKey) {
        int first = span.first();
        int last = span.last();
        jdbc.sql(SPAN).update();
        jdbc.sql(SPAN_INTERVALS).param("first", first).param("last", last).update();
        jdbc.sql(FRESH).param("first", first).param("last", last).update();
        jdbc.sql("ANALYZE agg_age_interval, fresh_task_age").update();
        AggregateTable table = SubjectArea.TASK_AGE.quarterHour();
        jdbc.sql(CHANGED.formatted(table.upsert("fresh_task_age"))).param("audit", auditKey).update();
        jdbc.sql(CHANGED.formatted(table.deleteStale("fresh_task_age", "agg_age_interval"))).update();
        jdbc.sql(THROUGH).param("last", last).param("audit", auditKey).update();
        jdbc.sql(TOUCHED_DAYS).update();
    }
}
