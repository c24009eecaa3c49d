package org.openiwd.api.feed;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.openiwd.api.ApiProperties;
import org.openiwd.api.background.BackgroundLoop;
import org.openiwd.api.background.QueueVacuum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed events their feed positions, in commit order, so that a reader's cursor never passes an event
 * that commits later (docs/feed.md).
 *
 * <p>Writers insert events without a position. One sequencer transaction at a time, on any replica, locks the
 * feed's row in {@code feed_sequencer}, numbers every committed event still without a position after the last
 * position given, and commits. Runs are serialised by that row lock and each sees everything committed before it
 * took the lock, so positions only grow in commit order, and a reader that sees a position sees all smaller ones.
 *
 * <p>A nudge after a writer's commit runs the feed it wrote to at once, unless a run started less than
 * {@code sequencer-min-gap} before: then the nudges of that gap wait for its end and are served by one run. Every
 * {@code sequencer-interval} without a nudge, both feeds run (events written by other replicas, or by a run that
 * failed).
 *
 * <p>Threads: one platform thread per replica runs the loop; writers only mark their feed and release a permit after
 * their commit. Restart: nothing is kept in memory; unpositioned events are found by the next run.
 */
@Component
class FeedSequencer extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(FeedSequencer.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApiProperties.Feed settings;
    private final MeterRegistry meters;
    private final Semaphore nudges = new Semaphore(0);
    private final Set<Feed> nudged = ConcurrentHashMap.newKeySet();
    private final QueueVacuum queueVacuum;

    FeedSequencer(JdbcClient jdbc, TransactionTemplate transactions, ApiProperties properties, MeterRegistry meters) {
        super("feed-sequencer", Duration.ofSeconds(5));
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = properties.feed();
        this.meters = meters;
        this.queueVacuum = new QueueVacuum(jdbc, "task_event_pending", properties.queueVacuumInterval());
    }

    /** After the writer's commit; at once for a statement that committed on its own (no transaction). */
    @TransactionalEventListener(fallbackExecution = true)
    void afterCommit(FeedEventsAppended event) {
        // Marked before the permit is released, so the run the permit starts sees the mark.
        nudged.add(event.feed());
        nudges.release();
    }

    /** Positions every event committed so far; returns how many got one. Safe to call from any thread. */
    int sequenceAll() {
        return sequence(EnumSet.allOf(Feed.class));
    }

    private int sequence(Set<Feed> feeds) {
        int total = 0;
        for (Feed feed : feeds) {
            Run run;
            int taken = 0;
            do {
                run = transactions.execute(status -> sequenceBatch(feed));
                taken += run.taken();
                total += run.positioned();
                Counter.builder("iwd.feed.sequenced").description("Events given a feed position")
                        .tag("feed", feed.sequencerKey()).register(meters).increment(run.positioned());
            }
            while (run.taken() == settings.sequencerBatch());
            if (feed == Feed.TASK) {
                queueVacuum.taken(taken);
            }
        }
        return total;
    }

    /** One run's pending events taken, and how many of them got a position (a deleted tenant's events get none). */
    private record Run(int taken, int positioned) {
    }

    private Run sequenceBatch(Feed feed) {
        long last = jdbc.sql("SELECT last_position FROM feed_sequencer WHERE feed = ? FOR UPDATE")
                .param(feed.sequencerKey())
                .query(Long.class)
                .single();
        // A new statement, so a new snapshot in READ COMMITTED: it sees every event committed before the lock was
        // ours, including the positions given by the run we may have waited for. It also stores the last position
        // given, in the row it has locked.
        return jdbc.sql(feed == Feed.TASK ? TASK_NUMBERING : CONFIG_NUMBERING)
                .param("batch", settings.sequencerBatch())
                .param("last", last)
                .param("feed", feed.sequencerKey())
                .query((rs, row) -> new Run(rs.getInt(1), rs.getInt(2)))
                .single();
    }

    /**
     * Task events wait in {@code task_event_pending} (queued by a trigger on insert) and get a row in the narrow,
     * insert-only {@code task_event_position}; the wide event row is never rewritten. Written so that its plan does
     * not depend on the statistics of the queue, which change by the second: the queue by its primary key, each
     * event by its own (a generic plan expecting {@code batch} rows would otherwise hash-join all of task_event).
     */
    private static final String TASK_NUMBERING = """
            WITH taken AS (
                DELETE FROM task_event_pending WHERE event_id = ANY (ARRAY(
                    SELECT event_id FROM task_event_pending ORDER BY event_id LIMIT :batch))
                RETURNING event_id
            ), existing AS (
                SELECT event_id, (SELECT e.tenant_id FROM task_event e WHERE e.event_id = taken.event_id) AS tenant_id
                FROM taken
            ), positioned AS (
                INSERT INTO task_event_position (tenant_id, feed_id, event_id)
                SELECT tenant_id, :last + row_number() OVER (ORDER BY event_id), event_id FROM existing
                WHERE tenant_id IS NOT NULL
                RETURNING 1
            )
            UPDATE feed_sequencer SET last_position = :last + (SELECT count(*) FROM positioned)
            WHERE feed = :feed
            RETURNING (SELECT count(*) FROM taken), last_position - :last""";

    /** Configuration events are few: their position is a column of the event row. */
    private static final String CONFIG_NUMBERING = """
            WITH pending AS (
                SELECT event_id FROM config_event WHERE feed_id IS NULL ORDER BY event_id LIMIT :batch
            ), numbered AS (
                SELECT event_id, row_number() OVER (ORDER BY event_id) AS n FROM pending
            ), positioned AS (
                UPDATE config_event e SET feed_id = :last + numbered.n
                FROM numbered WHERE e.event_id = numbered.event_id
                RETURNING 1
            )
            UPDATE feed_sequencer SET last_position = :last + (SELECT count(*) FROM positioned)
            WHERE feed = :feed
            RETURNING last_position - :last, last_position - :last""";

    @Override
    protected void loop() {
        long interval = Math.max(1, settings.sequencerInterval().toMillis());
        long minGap = settings.sequencerMinGap().toNanos();
        long lastStart = System.nanoTime() - minGap;
        while (running()) {
            try {
                boolean wasNudged = nudges.tryAcquire(interval, TimeUnit.MILLISECONDS);
                long gapLeft = lastStart + minGap - System.nanoTime();
                if (wasNudged && gapLeft > 0) {
                    // The commits of the rest of the gap are served by the same run: one run per gap under load.
                    TimeUnit.NANOSECONDS.sleep(gapLeft);
                }
                nudges.drainPermits();
                lastStart = System.nanoTime();
                if (wasNudged) {
                    sequence(takeNudged());
                }
                else {
                    sequenceAll();
                }
            }
            catch (InterruptedException e) {
                return;
            }
            catch (RuntimeException e) {
                // A database blip: the events wait, nothing is lost; try again after the interval.
                log.warn("Feed sequencer run failed, retrying: {}", e.toString());
                sleep(interval);
            }
        }
    }

    /** The feeds nudged since the last call; a feed nudged meanwhile also left a permit for the next run. */
    private Set<Feed> takeNudged() {
        Set<Feed> feeds = EnumSet.noneOf(Feed.class);
        for (Feed feed : Feed.values()) {
            if (nudged.remove(feed)) {
                feeds.add(feed);
            }
        }
        return feeds;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
