package org.openiwd.etl.recovery;

import java.time.LocalDateTime;
import java.util.UUID;

import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a process killed in the middle of a job leaves in the ETL database, written through Spring Batch's own
 * repository: a STARTED execution with a STARTED step, its heartbeat row (beat {@code beatAge} ago) and, when
 * asked, the tenant lease it ran under, still running.
 */
public final class DeadProcess {

    private final JobRepository repository;
    private final JdbcClient jdbc;

    public DeadProcess(JobRepository repository, JdbcClient jdbc) {
        this.repository = repository;
        this.jdbc = jdbc;
    }

    /** The execution, and the lease owner it held (null without a lease). */
    public record Left(JobExecution execution, StepExecution step, String leaseOwner) {
        public long id() {
            return execution.getId();
        }
    }

    public Left leave(String job, String step, String tenantId, String beatAge, boolean holdingLease) {
        JobParameters parameters = new JobParametersBuilder().addString(JobNames.TENANT_PARAMETER, tenantId)
                .addLong("launchedAt", System.nanoTime()).toJobParameters();
        JobInstance instance = repository.createJobInstance(job, parameters);
        JobExecution execution = repository.createJobExecution(instance, parameters, new ExecutionContext());
        execution.setStartTime(LocalDateTime.now());
        execution.setStatus(BatchStatus.STARTED);
        repository.update(execution);
        StepExecution running = repository.createStepExecution(step, execution);
        running.setStartTime(LocalDateTime.now());
        running.setStatus(BatchStatus.STARTED);
        repository.update(running);
        String owner = holdingLease ? "4242@dead-host/" + UUID.randomUUID() : null;
        if (beatAge != null) {
            jdbc.sql("""
                    INSERT INTO etl.job_heartbeat (job_execution_id, process, tenant_id, lock_owner, beat_at)
                    VALUES (?, '4242@dead-host', ?, ?, now() - CAST(? AS interval))""")
                    .params(execution.getId(), tenantId, owner, beatAge).update();
        }
        if (holdingLease) {
            jdbc.sql("""
                    INSERT INTO etl.tenant_lock (tenant_id, owner, job_name, lease_until)
                    VALUES (?, ?, ?, now() + interval '1 hour')""").params(tenantId, owner, job).update();
        }
        return new Left(execution, running, owner);
    }
}
