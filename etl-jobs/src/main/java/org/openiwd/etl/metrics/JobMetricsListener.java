package org.openiwd.etl.metrics;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Measures every Data Mart job run, whatever launched it: the run's start and end in the tenant's
 * {@code etl_job_status} (so every replica reports the same last success), the duration by outcome
 * ({@code iwddm_job_duration_seconds}), and the task events the {@code loadIntraday} step read, loaded and
 * quarantined ({@code iwddm_events_*_total}). At the start it expires the cached gauges (the next scrape reads
 * them again); at the end it refreshes the tenant's, so a scrape or a push right after the run sees it. Runs on
 * the launching thread, outside the step transactions; a failure to record is logged and never fails the job.
 */
@Component
@Order(3)
class JobMetricsListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(JobMetricsListener.class);

    private final TenantRegistry tenants;
    private final JobStatusTable table;
    private final DataMartGauges gauges;
    private final MeterRegistry meters;

    JobMetricsListener(TenantRegistry tenants, JobStatusTable table, DataMartGauges gauges, MeterRegistry meters) {
        this.tenants = tenants;
        this.table = table;
        this.gauges = gauges;
        this.meters = meters;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        tenant(execution).ifPresent(tenant -> {
            try {
                table.started(tenant, execution.getJobInstance().getJobName(), execution.getId());
            }
            catch (RuntimeException e) {
                log.warn("Tenant {}: start of {} not recorded for monitoring: {}", tenant.id(),
                        execution.getJobInstance().getJobName(), e.toString());
            }
            gauges.expire();
        });
    }

    @Override
    public void afterJob(JobExecution execution) {
        String tenantId = execution.getJobParameters().getString(JobNames.TENANT_PARAMETER);
        String job = execution.getJobInstance().getJobName();
        boolean success = execution.getStatus() == BatchStatus.COMPLETED;
        LocalDateTime started = execution.getStartTime();
        if (started != null) {
            Timer.builder("iwddm.job.duration").description("Runs of a Data Mart job for a tenant, by outcome")
                    .tags("job", job, "tenant", tenantId, "status", success ? "COMPLETED" : "FAILED")
                    .register(meters)
                    .record(Duration.between(started, LocalDateTime.now()).toNanos(), TimeUnit.NANOSECONDS);
        }
        Long loaded = null;
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStepName().equals(JobNames.LOAD_INTRADAY)) {
                count("iwddm.events.read", "Task events read from the feed", tenantId, step.getReadCount());
                count("iwddm.events.written", "Task events loaded into the facts", tenantId, step.getWriteCount());
                count("iwddm.events.quarantined", "Task events refused and kept in the quarantine", tenantId,
                        step.getReadSkipCount());
                loaded = (loaded == null ? 0 : loaded) + step.getWriteCount();
            }
        }
        Long eventsLoaded = loaded;
        tenant(execution).ifPresent(tenant -> {
            try {
                table.ended(tenant, job, execution.getId(), success, eventsLoaded);
            }
            catch (RuntimeException e) {
                log.warn("Tenant {}: end of {} not recorded for monitoring: {}", tenant.id(), job, e.toString());
            }
            gauges.refresh(tenant);
        });
    }

    private void count(String name, String help, String tenantId, long amount) {
        Counter.builder(name).description(help).tag("tenant", tenantId).register(meters).increment(amount);
    }

    private Optional<DataMartTenant> tenant(JobExecution execution) {
        try {
            return tenants.find(execution.getJobParameters().getString(JobNames.TENANT_PARAMETER));
        }
        catch (RuntimeException e) {
            log.warn("Job {}: tenant not found for monitoring: {}", execution.getId(), e.toString());
            return Optional.empty();
        }
    }
}
