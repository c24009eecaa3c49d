package org.openiwd.etl.operation;

import java.time.LocalDateTime;

import org.springframework.batch.core.BatchStatus;

/**
 * Which executions a list shows; a null field does not filter. {@code createdFrom} is inclusive and
 * {@code createdTo} exclusive, in Spring Batch's local time.
 */
public record ExecutionFilter(String jobName, String tenantId, BatchStatus status, LocalDateTime createdFrom,
        LocalDateTime createdTo) {

    public static ExecutionFilter all() {
        return new ExecutionFilter(null, null, null, null, null);
    }

    public ExecutionFilter withJob(String job) {
        return new ExecutionFilter(job, tenantId, status, createdFrom, createdTo);
    }

    public ExecutionFilter withTenant(String tenant) {
        return new ExecutionFilter(jobName, tenant, status, createdFrom, createdTo);
    }

    public ExecutionFilter withStatus(BatchStatus batchStatus) {
        return new ExecutionFilter(jobName, tenantId, batchStatus, createdFrom, createdTo);
    }

    public ExecutionFilter createdBetween(LocalDateTime from, LocalDateTime to) {
        return new ExecutionFilter(jobName, tenantId, status, from, to);
    }
}
