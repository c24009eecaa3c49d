package org.openiwd.api.feed;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Vacuums {@code task_event_pending}, the queue of events waiting for a feed position, while the sequencer drains it.
 * Every event passes through the queue, so it gets two rows' churn per create; between two autovacuum visits (a
 * minute at best) the dead rows pile up at the low end of its primary key, and the sequencer's
 * {@code ORDER BY event_id LIMIT} has to step over all of them on every run: at 1 500 creates per second that
 * made each run cost milliseconds instead of a tenth of one (docs/feed.md). A vacuum of the small live queue
 * every second keeps the dead rows to a second's worth.
 *
 * <p>{@code SKIP_LOCKED}: a vacuum already running (autovacuum, another replica's sequencer) is not waited for.
 * {@code TRUNCATE false}: the vacuum never takes the exclusive lock that cutting the file's empty end needs, which
 * would stall the writers' inserts. A role that does not own the table gets a warning from PostgreSQL and no
 * vacuum; a failure is logged and changes nothing else.
 *
 * <p>Threads: called by whichever thread ran the sequencer (usually its own loop); synchronised. Transactions:
 * VACUUM cannot run in one, so it runs on a connection of its own in autocommit, after the sequencer's commit, and
 * is left for the next run when the caller is inside a transaction.
 */
final class PendingQueueVacuum {

    private static final Logger log = LoggerFactory.getLogger(PendingQueueVacuum.class);

    private final JdbcClient jdbc;
    private final long intervalNanos;
    private long lastVacuum = System.nanoTime();
    private long takenSinceVacuum;

    PendingQueueVacuum(JdbcClient jdbc, Duration interval) {
        this.jdbc = jdbc;
        this.intervalNanos = interval.toNanos();
    }

    /** Records that a sequencer run took {@code taken} events off the queue, and vacuums it when it is time. */
    synchronized void taken(int taken) {
        takenSinceVacuum += taken;
        long now = System.nanoTime();
        if (intervalNanos <= 0 || takenSinceVacuum == 0 || now - lastVacuum < intervalNanos
                || TransactionSynchronizationManager.isActualTransactionActive()) {
            return;
        }
        lastVacuum = now;
        takenSinceVacuum = 0;
        try {
            jdbc.sql("VACUUM (SKIP_LOCKED, TRUNCATE false) task_event_pending").update();
        }
        catch (DataAccessException e) {
            log.warn("Vacuum of the feed's queue failed (it waits for autovacuum): {}", e.toString());
        }
    }
}
