package org.openiwd.etl.job;

import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * One {@code etl_audit} row per job execution in the tenant's Data Mart: opened before the job (its key goes into
 * the job execution context, and from there into every fact row the run writes) and closed with the outcome.
 * Also puts the tenant, job and execution id into the logging context of the launching thread, and has the run's
 * {@link RunStatistics} written when it ends.
 */
@Component
@Order(1)
public class EtlAuditListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(EtlAuditListener.class);

    private final JdbcClient jdbc;
    private final TenantRegistry registry;
    private final RunStatistics statistics;

    EtlAuditListener(JdbcClient jdbc, TenantRegistry registry, RunStatistics statistics) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.statistics = statistics;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        String tenantId = execution.getJobParameters().getString(JobNames.TENANT_PARAMETER);
        MDC.put("tenant", tenantId);
        MDC.put("job", execution.getJobInstance().getJobName());
        MDC.put("jobExecutionId", String.valueOf(execution.getId()));
        if (execution.getExecutionContext().containsKey(JobNames.AUDIT_KEY)) {
            return;
        }
        DataMartTenant tenant = registry.find(tenantId)
                .orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " is not registered"));
        long key = jdbc.sql("""
                INSERT INTO %s.etl_audit (job_name, job_execution_id) VALUES (?, ?)
                RETURNING etl_audit_key""".formatted(tenant.schema()))
                .params(execution.getJobInstance().getJobName(), execution.getId())
                .query(Long.class)
                .single();
        execution.getExecutionContext().putLong(JobNames.AUDIT_KEY, key);
    }

    @Override
    public void afterJob(JobExecution execution) {
        try {
            String tenantId = execution.getJobParameters().getString(JobNames.TENANT_PARAMETER);
            registry.find(tenantId).ifPresent(tenant -> jdbc.sql("""
                    UPDATE %s.etl_audit SET ended_at = now(), status = ?,
                        events_read = ?, rows_written = ?
                    WHERE etl_audit_key = ?""".formatted(tenant.schema()))
                    .params(execution.getStatus().name(),
                            execution.getStepExecutions().stream().mapToLong(s -> s.getReadCount()).sum(),
                            execution.getStepExecutions().stream().mapToLong(s -> s.getWriteCount()).sum(),
                            execution.getExecutionContext().getLong(JobNames.AUDIT_KEY, -1))
                    .update());
            registry.find(tenantId).ifPresent(tenant -> recordStatistics(tenant, execution));
        }
        finally {
            MDC.remove("tenant");
            MDC.remove("job");
            MDC.remove("jobExecutionId");
        }
    }

    private void recordStatistics(DataMartTenant tenant, JobExecution execution) {
        try {
            statistics.record(tenant, execution, execution.getExecutionContext().getLong(JobNames.AUDIT_KEY, -1));
        }
        catch (RuntimeException e) {
            // Statistics describe the run; failing to write them must not turn a good run into a failed one.
            log.warn("Tenant {}: the statistics of execution {} were not written: {}", tenant.id(),
                    execution.getId(), e.toString());
        }
    }
}
