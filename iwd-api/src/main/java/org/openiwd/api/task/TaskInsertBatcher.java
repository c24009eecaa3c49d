package org.openiwd.api.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.openiwd.api.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit for creates: tasks created outside a transaction at the same moment are inserted by one statement
 * ({@link TaskRepository#insertAllIfAbsent}), which commits them together. Per create, the database then parses,
 * executes and commits a share of a statement instead of a whole one (docs/bench-api.md, decision 35).
 *
 * <p>{@code insert-workers} workers each take the oldest waiting create and every other waiting one (up to
 * {@code insert-batch-max}), sorted by capture so that two statements never wait for each other's rows crosswise,
 * and run them as one statement. Nothing waits for a batch to fill: a create that finds a worker idle runs at once,
 * alone; batches form only while every worker is busy, and grow with the load. A caller gets exactly what a
 * statement of its own would give: its task as inserted, or empty when its capture existed (or came earlier in the
 * same statement), after the commit. A statement that fails for one create's data or a lock is run again create by
 * create, so that a create fails only for its own fault; one that fails for every create alike (no connection)
 * fails them all at once. A statement waits for the rows it conflicts with like any insert: while it waits for
 * another transaction's uncommitted create of the same capture, the creates queued behind it wait too.
 *
 * <p>Threads: callers block on their create (virtual threads: cheap); the workers are virtual threads. Restart:
 * nothing is kept; a create is either committed before its caller is answered or not at all. Stops after the web
 * server (a lower lifecycle phase): the workers finish what is queued (for at most ten seconds, then what is left
 * fails); a create that comes later runs on its caller's thread. With {@code insert-workers} 0 every create runs on its caller's thread.
 */
@Component
class TaskInsertBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskInsertBatcher.class);

    /** The workers stop after the web server, which stops at {@code DEFAULT_PHASE - 2048}, has answered its last request. */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /** How long stop() lets the workers finish the creates queued before it. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final TaskRepository tasks;
    private final int workers;
    private final int batchMax;
    private final DistributionSummary batchSizes;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    @Autowired
    TaskInsertBatcher(TaskRepository tasks, ApiProperties properties, MeterRegistry meters) {
        this(tasks, properties.tasks().insertWorkers(), properties.tasks().insertBatchMax(), meters);
    }

    TaskInsertBatcher(TaskRepository tasks, int workers, int batchMax, MeterRegistry meters) {
        this.tasks = tasks;
        this.workers = workers;
        this.batchMax = batchMax;
        this.batchSizes = DistributionSummary.builder("iwd.tasks.insert.batch")
                .description("Creates per insert statement: grouped under load outside a transaction; 1 for a create "
                        + "in a transaction or run alone (after stop, or again alone after its statement failed)")
                .baseUnit("tasks")
                .register(meters);
    }

    /**
     * Inserts the task, with its creation events, unless its capture exists; returns it as stored, or empty when it
     * existed. Outside a transaction it commits before returning, with the creates waiting beside it; inside one it
     * runs alone on the transaction's connection and commits with it.
     */
    Optional<Task> insertIfAbsent(TaskRepository.NewTask task) {
        if (!running || TransactionSynchronizationManager.isActualTransactionActive()) {
            return insertAlone(task);
        }
        Pending pending = new Pending(task);
        queue.add(pending);
        // Stopped meanwhile: the workers may have drained the queue and left. If the create is still queued, no
        // worker will take it; if it is not, a worker has it and completes it.
        if (!running && queue.remove(pending)) {
            return insertAlone(task);
        }
        try {
            return pending.result.join();
        }
        catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Creates waiting for a worker. */
    int waiting() {
        return queue.size();
    }

    private Optional<Task> insertAlone(TaskRepository.NewTask task) {
        batchSizes.record(1);
        return Optional.ofNullable(tasks.insertAllIfAbsent(List.of(task)).get(task.capture()));
    }

    private void work() {
        List<Pending> batch = new ArrayList<>(batchMax);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchMax - 1);
                insert(batch);
            }
            catch (InterruptedException e) {
                // Only stop() ends a worker: a worker leaving on its own would leave its queue unanswered.
            }
            catch (RuntimeException | Error e) {
                // Not the statement's failure (insert completes those): the callers must not wait forever.
                batch.forEach(p -> p.result.completeExceptionally(e));
                log.error("Task insert worker failed", e);
            }
            finally {
                batch.clear();
            }
        }
    }

    private void insert(List<Pending> batch) {
        batch.sort(Comparator.comparing(p -> p.task.capture()));
        batchSizes.record(batch.size());
        Map<TaskRepository.Capture, Task> inserted;
        try {
            inserted = tasks.insertAllIfAbsent(batch.stream().map(p -> p.task).toList());
        }
        catch (RuntimeException e) {
            if (batch.size() > 1 && causedByOneCreate(e)) {
                // Nothing of the statement committed: each create again on its own, to fail only the one at fault.
                for (Pending pending : batch) {
                    insert(new ArrayList<>(List.of(pending)));
                }
            }
            else {
                batch.forEach(p -> p.result.completeExceptionally(e));
            }
            return;
        }
        // The first of several creates of one capture in the statement inserted it; the others find it existing.
        for (Pending pending : batch) {
            Task task = inserted.remove(pending.task.capture());
            pending.result.complete(Optional.ofNullable(task));
        }
    }

    /**
     * A failure that one create can cause (its data, or a lock it shares with another transaction), as opposed to
     * one that fails every create alike (no connection, the database down), which is not worth a statement per create.
     */
    private static boolean causedByOneCreate(RuntimeException e) {
        return e instanceof DataIntegrityViolationException || e instanceof ConcurrencyFailureException;
    }

    /** A create waiting for its statement. */
    private static final class Pending {

        final TaskRepository.NewTask task;
        final CompletableFuture<Optional<Task>> result = new CompletableFuture<>();

        Pending(TaskRepository.NewTask task) {
            this.task = task;
        }
    }

    @Override
    public void start() {
        if (workers == 0) {
            return;
        }
        running = true;
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name("task-insert-" + i).start(this::work));
        }
    }

    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
        // Workers still busy past the deadline (a statement waiting for a lock): what they have not taken fails now
        // rather than after the connection pool has closed.
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.result.completeExceptionally(new IllegalStateException("the API is shutting down")));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
