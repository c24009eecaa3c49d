package org.openiwd.etl.schedule;

import org.openiwd.etl.job.EtlJobRunner;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a tenant's Quartz trigger fires: the Data Mart job named in the trigger, for the tenant named in it, through
 * {@link EtlJobRunner} and so under the tenant's lock. A firing that finds the tenant busy is skipped: the next
 * one catches up from the watermark. The job detail is shared by all tenants, so it is not marked
 * {@code @DisallowConcurrentExecution} (that would run one tenant at a time across the cluster): the tenant lock
 * is what keeps a tenant's runs apart. The firing's scheduled time and the node are recorded as job parameters.
 */
class DataMartQuartzJob implements Job {

    static final String JOB = "job";
    static final String TENANT = "tenant";
    private static final Logger log = LoggerFactory.getLogger(DataMartQuartzJob.class);

    private final EtlJobRunner runner;

    DataMartQuartzJob(EtlJobRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String job = context.getMergedJobDataMap().getString(JOB);
        String tenant = context.getMergedJobDataMap().getString(TENANT);
        try {
            var execution = runner.run(job, tenant, java.util.Map.of(
                    "scheduledAt", context.getScheduledFireTime().toInstant().toString(),
                    "node", context.getScheduler().getSchedulerInstanceId()));
            log.info("Scheduled {} for tenant {}: {}", job, tenant, execution.getStatus());
        }
        catch (EtlJobRunner.TenantBusyException e) {
            log.info("Scheduled {} for tenant {} skipped: {}", job, tenant, e.getMessage());
        }
        catch (Exception e) {
            // The failed execution is in the job repository; the next firing tries again.
            log.error("Scheduled {} for tenant {} failed", job, tenant, e);
        }
    }
}
