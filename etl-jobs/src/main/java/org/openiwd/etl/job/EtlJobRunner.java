package org.openiwd.etl.job;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openiwd.etl.lock.TenantLock;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Service;

/**
 * Launches a Data Mart job for a tenant, synchronously on the calling thread, as a new job instance (the launch
 * time is an identifying parameter), holding the tenant's lock for the whole run. The service layer that
 * schedules, the console and one-shot mode go through.
 */
@Service
public class EtlJobRunner {

    private final JobOperator operator;
    private final TenantLock lock;
    private final Map<String, Job> jobs;

    EtlJobRunner(JobOperator operator, TenantLock lock, List<Job> jobs) {
        this.operator = operator;
        this.lock = lock;
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, Function.identity()));
    }

    public java.util.Set<String> jobNames() {
        return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(jobs.keySet()));
    }

    /**
     * Runs the job for the tenant; {@link TenantBusyException} when another run holds the tenant's lock.
     */
    public JobExecution run(String jobName, String tenantId) throws Exception {
        Job job = jobs.get(jobName);
        if (job == null) {
            throw new IllegalArgumentException("No job '" + jobName + "'; jobs: " + jobNames());
        }
        try (TenantLock.Held held = lock.tryAcquire(tenantId, jobName)
                .orElseThrow(() -> new TenantBusyException(tenantId, lock.holder(tenantId).orElse("another run")))) {
            return launch(job, tenantId);
        }
    }

    /**
     * Restarts a failed or stopped execution from where it stopped (the loads themselves resume from the Data
     * Mart's watermarks), under its tenant's lock.
     */
    public JobExecution restart(JobExecution stopped) throws Exception {
        String tenantId = stopped.getJobParameters().getString(JobNames.TENANT_PARAMETER);
        String jobName = stopped.getJobInstance().getJobName();
        try (TenantLock.Held held = lock.tryAcquire(tenantId, jobName)
                .orElseThrow(() -> new TenantBusyException(tenantId, lock.holder(tenantId).orElse("another run")))) {
            return operator.restart(stopped);
        }
    }

    private JobExecution launch(Job job, String tenantId) throws Exception {
        JobParameters parameters = new JobParametersBuilder()
                .addString(JobNames.TENANT_PARAMETER, tenantId)
                .addLong("launchedAt", System.currentTimeMillis())
                .toJobParameters();
        return operator.start(job, parameters);
    }

    /** Another run holds the tenant's lock. */
    public static class TenantBusyException extends RuntimeException {
        TenantBusyException(String tenantId, String holder) {
            super("Tenant " + tenantId + " is busy: " + holder + " holds its lock");
        }
    }
}
