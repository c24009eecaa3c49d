package org.openiwd.etl.job;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Service;

/**
 * Launches a Data Mart job for a tenant, synchronously on the calling thread, as a new job instance (the launch
 * time is an identifying parameter). The service layer that schedules, the console and one-shot mode go through.
 */
@Service
public class EtlJobRunner {

    private final JobOperator operator;
    private final Map<String, Job> jobs;

    EtlJobRunner(JobOperator operator, List<Job> jobs) {
        this.operator = operator;
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, Function.identity()));
    }

    public JobExecution run(String jobName, String tenantId) throws Exception {
        Job job = jobs.get(jobName);
        if (job == null) {
            throw new IllegalArgumentException("No job '" + jobName + "'; jobs: " + jobs.keySet());
        }
        JobParameters parameters = new JobParametersBuilder()
                .addString(JobNames.TENANT_PARAMETER, tenantId)
                .addLong("launchedAt", System.currentTimeMillis())
                .toJobParameters();
        return operator.start(job, parameters);
    }
}
