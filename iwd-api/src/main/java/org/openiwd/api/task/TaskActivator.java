package org.openiwd.api.task;

import java.time.Duration;

import org.openiwd.api.cache.SingletonLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Queues classified tasks whose activation time arrives, every {@code iwd.api.activation-interval}. One replica at
 * a time sweeps (a Redis lease); without Redis every replica sweeps, and the tasks a sweep takes are locked and
 * skipped by the others, so each task is still activated once.
 */
@Component
class TaskActivator {

    private static final Logger log = LoggerFactory.getLogger(TaskActivator.class);
    private static final int BATCH = 500;

    private final TaskService tasks;
    private final SingletonLease lease;

    TaskActivator(TaskService tasks, SingletonLease lease) {
        this.tasks = tasks;
        this.lease = lease;
    }

    @Scheduled(fixedDelayString = "${iwd.api.activation-interval:5s}")
    void sweep() {
        try {
            lease.runIfFree("task-activation", Duration.ofMinutes(1), () -> {
                int n;
                do {
                    n = tasks.activateDue(BATCH);
                }
                while (n == BATCH);
            });
        }
        catch (RuntimeException e) {
            // A database blip: the tasks stay due and the next sweep takes them.
            log.warn("Activation sweep failed: {}", e.toString());
        }
    }
}
