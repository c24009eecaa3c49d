package org.openiwd.etl.schedule;

import org.openiwd.etl.job.EtlJobRunner;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a tenant's Quartz trigger fires: the Data Mart job named in the trigger, for the tenant named in it, through
 * {@link EtlJobRunner} and so under the tenant's lock. A firing that finds the tenant busy is skipped: the next
 * one catches up from the watermark. {@code @DisallowConcurrentExecution} is not relied on for exclusivity (it
 * is per job detail and per scheduler); the tenant lock is.
 */
@DisallowConcurrentExecution
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
            var execution = runner.run(job, tenant);
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
