package org.openiwd.etl.job;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openiwd.etl.lock.TenantLock;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
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
        return run(jobName, tenantId, java.util.Map.of());
    }

    /**
     * Runs the job for the tenant with extra job parameters (such as the scheduled time of a firing), recorded
     * with the execution; {@link TenantBusyException} when another run holds the tenant's lock.
     */
    public JobExecution run(String jobName, String tenantId, Map<String, String> parameters) throws Exception {
        Job job = jobs.get(jobName);
        if (job == null) {
            throw new IllegalArgumentException("No job '" + jobName + "'; jobs: " + jobNames());
        }
        try (TenantLock.Held held = lock.tryAcquire(tenantId, jobName)
                .orElseThrow(() -> new TenantBusyException(tenantId, lock.holder(tenantId).orElse("another run")))) {
            return launch(job, tenantId, parameters);
        }
    }

    /**
     * Runs the job for the tenant under a lock of that tenant the caller already holds, for a sequence that must not
     * let another run in between (the console's Data Mart rebuild: drop, re-create, load).
     */
    public JobExecution run(TenantLock.Held held, String jobName, String tenantId, Map<String, String> parameters)
            throws Exception {
        if (!held.tenantId().equals(tenantId)) {
            throw new IllegalArgumentException("The lock held is tenant " + held.tenantId() + "'s, not " + tenantId
                    + "'s");
        }
        Job job = jobs.get(jobName);
        if (job == null) {
            throw new IllegalArgumentException("No job '" + jobName + "'; jobs: " + jobNames());
        }
        return launch(job, tenantId, parameters);
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

    private JobExecution launch(Job job, String tenantId, Map<String, String> extra) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(JobNames.TENANT_PARAMETER, tenantId)
                .addLong("launchedAt", System.currentTimeMillis());
        extra.forEach(parameters::addString);
        return operator.start(job, parameters.toJobParameters());
    }

    /** Another run holds the tenant's lock. */
    public static class TenantBusyException extends RuntimeException {
        public TenantBusyException(String tenantId, String holder) {
            super("Tenant " + tenantId + " is busy: " + holder + " holds its lock");
        }
    }
}
