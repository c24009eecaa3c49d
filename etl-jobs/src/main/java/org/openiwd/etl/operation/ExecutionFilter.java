package org.openiwd.etl.operation;

import java.time.LocalDateTime;

import org.springframework.batch.core.BatchStatus;

/**
 * Which executions a list shows; a null field does not filter. {@code createdFrom} is inclusive and
 * {@code createdTo} exclusive, in Spring Batch's local time. {@code parameterName} with {@code parameterValue}
 * keeps the executions that have that job parameter with exactly that value (a null value: with any value).
 */
public record ExecutionFilter(String jobName, String tenantId, BatchStatus status, LocalDateTime createdFrom,
        LocalDateTime createdTo, String parameterName, String parameterValue) {

    public ExecutionFilter(String jobName, String tenantId, BatchStatus status, LocalDateTime createdFrom,
            LocalDateTime createdTo) {
        this(jobName, tenantId, status, createdFrom, createdTo, null, null);
    }

    public static ExecutionFilter all() {
        return new ExecutionFilter(null, null, null, null, null);
    }

    public ExecutionFilter withJob(String job) {
        return new ExecutionFilter(job, tenantId, status, createdFrom, createdTo, parameterName, parameterValue);
    }

    public ExecutionFilter withTenant(String tenant) {
        return new ExecutionFilter(jobName, tenant, status, createdFrom, createdTo, parameterName, parameterValue);
    }

    public ExecutionFilter withStatus(BatchStatus batchStatus) {
        return new ExecutionFilter(jobName, tenantId, batchStatus, createdFrom, createdTo, parameterName,
                parameterValue);
    }

    public ExecutionFilter createdBetween(LocalDateTime from, LocalDateTime to) {
        return new ExecutionFilter(jobName, tenantId, status, from, to, parameterName, parameterValue);
    }

    public ExecutionFilter withParameter(String name, String value) {
        return new ExecutionFilter(jobName, tenantId, status, createdFrom, createdTo, name, value);
    }
}
