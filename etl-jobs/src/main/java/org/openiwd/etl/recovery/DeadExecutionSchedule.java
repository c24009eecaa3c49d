package org.openiwd.etl.recovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code detector-interval}: recovers the executions whose process died. Every replica may run it; the
 * detector's claim makes sure one of them acts on each execution. Only where scheduling is enabled.
 */
@Component
@ConditionalOnBooleanProperty(name = "iwd.etl.scheduling.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "iwd.etl.recovery.detector-enabled", matchIfMissing = true)
class DeadExecutionSchedule {

    private static final Logger log = LoggerFactory.getLogger(DeadExecutionSchedule.class);

    private final DeadExecutionDetector detector;

    DeadExecutionSchedule(DeadExecutionDetector detector) {
        this.detector = detector;
    }

    @Scheduled(fixedDelayString = "${iwd.etl.recovery.detector-interval:30s}",
            initialDelayString = "${iwd.etl.recovery.detector-interval:30s}")
    void recoverDeadExecutions() {
        try {
            detector.recoverDead();
        }
        catch (RuntimeException e) {
            // The database is away for now: the dead executions are still there next time.
            log.warn("Dead execution detection failed, retrying in the next interval: {}", e.toString());
        }
    }
}
