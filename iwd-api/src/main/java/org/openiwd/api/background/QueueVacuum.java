package org.openiwd.api.background;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Vacuums a queue table while its consumer drains it: {@code task_event_pending} (events waiting for a feed
 * position, drained by the feed sequencer) and {@code search_outbox} (task changes waiting for Elasticsearch, drained
 * by the indexer). Every write passes through such a queue, which holds few live rows but a row's churn per write;
 * between two autovacuum visits (a minute at best) the dead rows pile up at the low end of its primary key, and
 * the consumer's {@code ORDER BY ... LIMIT} has to step over all of them on every run. In a pgbench replica of the
 * feed's queue (2 800 events queued and 40 drains a second) a drain took 2 s without a vacuum and 12.6 ms with one
 * every second (docs/feed.md). A vacuum of the small live queue every second keeps the dead rows to a second's
 * worth.
 *
 * <p>{@code SKIP_LOCKED}: a vacuum already running (autovacuum, another replica's sequencer) is not waited for.
 * {@code TRUNCATE false}: the vacuum never takes the exclusive lock that cutting the file's empty end needs, which
 * would stall the writers' inserts. A role that does not own the table gets a warning from PostgreSQL and no
 * vacuum; a failure is logged and changes nothing else.
 *
 * <p>Threads: called by whichever thread ran the consumer (usually its own loop); synchronised. Transactions:
 * VACUUM cannot run in one, so it runs on a connection of its own in autocommit, after the sequencer's commit, and
 * is left for the next run when the caller is inside a transaction.
 */
public final class QueueVacuum {

    private static final Logger log = LoggerFactory.getLogger(QueueVacuum.class);

    private final JdbcClient jdbc;
    private final String table;
    private final long intervalNanos;
    private long lastVacuum = System.nanoTime();
    private long takenSinceVacuum;

    /** {@code table}: a constant of the caller's, never input. {@code interval} zero or negative: never vacuums. */
    public QueueVacuum(JdbcClient jdbc, String table, Duration interval) {
        this.jdbc = jdbc;
        this.table = table;
        this.intervalNanos = interval.toNanos();
    }

    /** Records that the consumer took {@code taken} rows off the queue, and vacuums it when it is time. */
    public synchronized void taken(int taken) {
        takenSinceVacuum += taken;
        long now = System.nanoTime();
        if (intervalNanos <= 0 || takenSinceVacuum == 0 || now - lastVacuum < intervalNanos
                || TransactionSynchronizationManager.isActualTransactionActive()) {
            return;
        }
        lastVacuum = now;
        takenSinceVacuum = 0;
        try {
            jdbc.sql("VACUUM (SKIP_LOCKED, TRUNCATE false) " + table).update();
        }
        catch (DataAccessException e) {
            log.warn("Vacuum of queue table {} failed (it waits for autovacuum): {}", table, e.toString());
        }
    }
}
