package org.openiwd.etl.recovery;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.lock.TenantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The heartbeat of the job executions this process runs, on every job like every listener bean
 * ({@code job.JobListenerRegistration}; after the audit, before the metrics). Before a job it writes the execution's {@code etl.job_heartbeat} row (process,
 * tenant, the tenant lease it runs under); then a timer thread of its own, not the job's, refreshes
 * {@code beat_at} of all of this process's running executions every {@code heartbeat-interval} in one statement
 * and autocommit transaction. After the job it stops beating and keeps the row, so a detector sees the execution
 * as dead only if its final status never reaches the database.
 * <p>
 * A beat never revives an execution a detector has recovered (its row has {@code recovered_at}): such an execution
 * is logged and beaten no more; Spring Batch fails it at its next repository update, because the recovery changed
 * its version.
 */
@Component
@Order(2)
public class JobHeartbeat implements JobExecutionListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobHeartbeat.class);

    /** This process, as heartbeat rows and recoveries name it. */
    static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();

    private final JdbcClient jdbc;
    private final TenantLock lock;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-heartbeat").daemon().factory());

    JobHeartbeat(JdbcClient jdbc, TenantLock lock, RecoveryProperties properties) {
        this.jdbc = jdbc;
        this.lock = lock;
        long period = properties.heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void beforeJob(JobExecution execution) {
        String tenantId = execution.getJobParameters().getString(JobNames.TENANT_PARAMETER);
        String lockOwner = tenantId == null ? null : lock.ownerHeldHere(tenantId).orElse(null);
        // A detector may have seen the execution first and adopted it with a fresh beat: take the row over.
        int written = jdbc.sql("""
                INSERT INTO etl.job_heartbeat (job_execution_id, process, tenant_id, lock_owner, beat_at)
                VALUES (?, ?, ?, ?, now())
                ON CONFLICT (job_execution_id) DO UPDATE
                    SET process = excluded.process, tenant_id = excluded.tenant_id,
                        lock_owner = excluded.lock_owner, beat_at = now()
                    WHERE etl.job_heartbeat.recovered_at IS NULL""")
                .params(execution.getId(), PROCESS, tenantId, lockOwner)
                .update();
        if (written == 1) {
            running.add(execution.getId());
        }
        else {
            log.error("Job execution {} was recovered as dead before it started beating", execution.getId());
        }
    }

    @Override
    public void afterJob(JobExecution execution) {
        running.remove(execution.getId());
    }

    /** The executions this process is beating for now. */
    Set<Long> running() {
        return Set.copyOf(running);
    }

    void beat() {
        if (running.isEmpty()) {
            return;
        }
        Long[] ids = running.toArray(Long[]::new);
        try {
            Set<Long> beaten = Set.copyOf(jdbc.sql("""
                    UPDATE etl.job_heartbeat SET beat_at = now()
                    WHERE job_execution_id = ANY(?) AND recovered_at IS NULL
                    RETURNING job_execution_id""")
                    .param(ids).query(Long.class).list());
            for (Long id : ids) {
                if (!beaten.contains(id) && running.remove(id)) {
                    log.error("Job execution {} was recovered as dead by a detector while this process ran it;"
                            + " it will fail at its next update", id);
                }
            }
        }
        catch (RuntimeException e) {
            log.warn("Cannot write the heartbeat of job executions {} ({}); retrying", running, e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
