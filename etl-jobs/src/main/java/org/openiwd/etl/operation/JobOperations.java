package org.openiwd.etl.operation;

import java.util.Map;

import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.recovery.DeadExecutionDetector;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * What operators do with the Data Mart's job executions. {@link #launch} and {@link #restart} run the job on the
 * calling thread under the tenant's lock and return when it ends (a console runs them on its own executor);
 * the others return at once. An operation that the execution's state does not allow throws
 * {@link ExecutionStateException} and changes nothing; an unknown id throws {@link NoSuchExecutionException}; a
 * tenant whose lock another run holds, {@link EtlJobRunner.TenantBusyException}.
 */
@Service
public class JobOperations {

    private final EtlJobRunner runner;
    private final JobOperator operator;
    private final JobRepository repository;
    private final DeadExecutionDetector detector;
    private final ExecutionQueries queries;
    private final TenantRegistry tenants;

    JobOperations(EtlJobRunner runner, JobOperator operator, JobRepository repository,
            DeadExecutionDetector detector, ExecutionQueries queries, TenantRegistry tenants) {
        this.runner = runner;
        this.operator = operator;
        this.repository = repository;
        this.detector = detector;
        this.queries = queries;
        this.tenants = tenants;
    }

    /** Runs {@code job} for the tenant as a new job instance, with extra (non-key) string parameters. */
    public ExecutionSummary launch(String job, String tenantId, Map<String, String> parameters) throws Exception {
        if (!runner.jobNames().contains(job)) {
            throw new IllegalArgumentException("No job '" + job + "'; jobs: " + runner.jobNames());
        }
        if (tenants.find(tenantId).isEmpty()) {
            throw new IllegalArgumentException("Tenant " + tenantId + " is not registered in the Data Mart");
        }
        return summary(runner.run(job, tenantId, parameters).getId());
    }

    /**
     * Asks a running execution to stop; it stops at its next page or step boundary, in whichever process runs
     * it. Returns the execution as it is now.
     */
    public ExecutionSummary stop(long executionId) throws Exception {
        JobExecution execution = execution(executionId);
        try {
            operator.stop(execution);
        }
        catch (JobExecutionNotRunningException e) {
            throw new ExecutionStateException("Cannot stop job execution " + executionId + ": it is "
                    + execution.getStatus() + ", not running");
        }
        return summary(executionId);
    }

    /**
     * Restarts a FAILED or STOPPED execution (a recovered one is FAILED) as a new execution of its job instance,
     * under its tenant's lock; the loads resume from the Data Mart's watermarks.
     */
    public ExecutionSummary restart(long executionId) throws Exception {
        JobExecution execution = execution(executionId);
        BatchStatus status = execution.getStatus();
        if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
            throw new ExecutionStateException("Cannot restart job execution " + executionId + ": it is " + status
                    + (status.isRunning() ? "; stop it, or recover it if its process died" : "")
                    + "; only FAILED and STOPPED executions restart");
        }
        JobExecution last = repository.getLastJobExecution(execution.getJobInstance());
        if (last != null && last.getId() != executionId) {
            throw new ExecutionStateException("Cannot restart job execution " + executionId
                    + ": its job instance went on as execution " + last.getId() + " (" + last.getStatus() + ")");
        }
        return summary(runner.restart(execution).getId());
    }

    /** Marks a FAILED or STOPPED execution ABANDONED: it will never be restarted. */
    public ExecutionSummary abandon(long executionId) throws Exception {
        JobExecution execution = execution(executionId);
        if (execution.getStatus().isRunning()) {
            throw new ExecutionStateException("Cannot abandon job execution " + executionId + ": it is "
                    + execution.getStatus() + "; stop it, or recover it if its process died");
        }
        try {
            operator.abandon(execution);
        }
        catch (JobExecutionAlreadyRunningException e) {
            throw new ExecutionStateException("Cannot abandon job execution " + executionId + ": it is "
                    + execution.getStatus());
        }
        return summary(executionId);
    }

    /**
     * Recovers an execution whose process died (its heartbeat is older than the timeout): it becomes FAILED and
     * restartable, and its tenant's lease is freed. Refuses a live execution.
     */
    public ExecutionSummary recover(long executionId) {
        DeadExecutionDetector.Outcome outcome = detector.recover(executionId);
        outcome.refusal().ifPresent(refusal -> {
            throw switch (refusal) {
                case NOT_FOUND -> new NoSuchExecutionException(executionId);
                case NOT_RUNNING -> new ExecutionStateException("Cannot recover job execution " + executionId
                        + ": it is not running (" + execution(executionId).getStatus() + ")");
                case ALREADY_RECOVERED -> new ExecutionStateException("Job execution " + executionId
                        + " was already recovered");
                case ALIVE -> new ExecutionStateException("Cannot recover job execution " + executionId
                        + ": its process is alive (its heartbeat is within the timeout, or it was only now seen"
                        + " without one); stop it instead");
            };
        });
        return summary(executionId);
    }

    /** A page of the executions that match the filter, newest first. */
    public ExecutionPage list(ExecutionFilter filter, int page, int size) {
        return queries.list(filter, page, size);
    }

    /** The execution with its parameters and step executions. */
    public ExecutionDetail detail(long executionId) {
        return queries.detail(executionId);
    }

    private JobExecution execution(long executionId) {
        return DeadExecutionDetector.find(repository, executionId)
                .orElseThrow(() -> new NoSuchExecutionException(executionId));
    }

    private ExecutionSummary summary(long executionId) {
        return queries.summary(executionId).orElseThrow(() -> new NoSuchExecutionException(executionId));
    }
}
