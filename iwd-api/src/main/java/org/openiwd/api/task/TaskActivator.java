package org.openiwd.api.task;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Queues classified tasks whose activation time arrives, every {@code iwd.api.activation-interval}. Runs on every
 * replica; the tasks a sweep takes are locked and skipped by the others, so each is activated once.
 */
@Component
class TaskActivator {

    private static final Logger log = LoggerFactory.getLogger(TaskActivator.class);
    private static final int BATCH = 500;

    private final TaskService tasks;

    TaskActivator(TaskService tasks) {
        this.tasks = tasks;
    }

    @Scheduled(fixedDelayString = "${iwd.api.activation-interval:5s}")
    void sweep() {
        try {
            int n;
            do {
                n = tasks.activateDue(BATCH);
            }
            while (n == BATCH);
        }
        catch (RuntimeException e) {
            // A database blip: the tasks stay due and the next sweep takes them.
            log.warn("Activation sweep failed: {}", e.toString());
        }
    }
}
