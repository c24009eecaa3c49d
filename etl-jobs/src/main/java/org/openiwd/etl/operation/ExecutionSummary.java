package org.openiwd.etl.operation;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import org.springframework.batch.core.BatchStatus;

/**
 * One job execution as lists show it. Times of the execution are as Spring Batch records them: the launching
 * JVM's local time without zone. The heartbeat fields come from {@code etl.job_heartbeat} (database time, with
 * zone) and are null for an execution that never beat.
 *
 * @param id the job execution id
 * @param instanceId its job instance; a restart is a new execution of the same instance
 * @param jobName the job
 * @param tenantId the tenant it runs for (its {@code tenant} parameter)
 * @param status Spring Batch's status
 * @param exitCode the exit code
 * @param created when the execution was created
 * @param started when it started, or null
 * @param ended when it ended, or null while running
 * @param process the process that ran it ({@code pid@host}), or null
 * @param lastBeat its last heartbeat, or null
 * @param recoveredAt when a detector recovered it as dead, or null
 * @param recoveredBy the process that recovered it, or null
 */
public record ExecutionSummary(long id, long instanceId, String jobName, String tenantId, BatchStatus status,
        String exitCode, LocalDateTime created, LocalDateTime started, LocalDateTime ended, String process,
        OffsetDateTime lastBeat, OffsetDateTime recoveredAt, String recoveredBy) {

    public boolean recovered() {
        return recoveredAt != null;
    }
}
