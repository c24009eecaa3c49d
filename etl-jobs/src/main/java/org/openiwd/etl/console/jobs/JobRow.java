package org.openiwd.etl.console.jobs;

import java.time.Instant;
import java.time.LocalDateTime;


/**
 * One tenant's job in the overview.
 *
 * @param tenantId the tenant
 * @param job the job
 * @param lastExecutionId its newest execution, or null when it never ran
 * @param lastStatus that execution's status ({@code COMPLETED}, {@code FAILED}...), or null
 * @param lastStart when it started
 * @param lastEnd when it ended, or null while it runs
 * @param lastSuccess when the job last completed for the tenant, or null
 * @param lastSeconds the duration of the newest ended execution, or null
 * @param averageSeconds the average duration of its last completed executions (up to
 *     {@link JobsOverview#AVERAGE_OVER}), or null
 * @param recentFailures failed executions among its last {@link JobsOverview#AVERAGE_OVER}
 * @param cron its schedule, or null when it has none
 * @param scheduleEnabled whether that schedule fires (false: paused)
 * @param nextRun the next firing of its Quartz trigger, or null
 */
public record JobRow(String tenantId, String job, Long lastExecutionId, String lastStatus, LocalDateTime lastStart,
        LocalDateTime lastEnd, LocalDateTime lastSuccess, Double lastSeconds, Double averageSeconds,
        long recentFailures, String cron, boolean scheduleEnabled, Instant nextRun) {

    /** Whether the newest execution failed: the overview puts these first and marks them. */
    public boolean failing() {
        return "FAILED".equals(lastStatus);
    }

    /** Whether the newest execution is still running. */
    public boolean running() {
        return lastStatus != null && org.springframework.batch.core.BatchStatus.valueOf(lastStatus).isRunning();
    }
}
