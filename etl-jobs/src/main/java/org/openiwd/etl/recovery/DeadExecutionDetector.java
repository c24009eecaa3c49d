package org.openiwd.etl.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.openiwd.etl.lock.TenantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds job executions left running by a dead process and recovers them, so they can be restarted and their
 * tenant's next run can start.
 * <p>
 * An execution is dead when its status is STARTING, STARTED or STOPPING and its {@code etl.job_heartbeat} row has
 * not been refreshed for {@code heartbeat-timeout} by the database's clock. An execution without a row (its
 * process died before the first beat, or it predates heartbeats) is first adopted with a fresh beat, so it gets
 * the same timeout from the moment it is seen.
 * <p>
 * Each recovery is one transaction on the ETL database: claim the row ({@code recovered_at IS NULL} and the beat
 * still stale, checked under the row lock), {@link JobOperator#recover} (the execution and its running steps
 * become FAILED, their end time is set), and the release of the tenant lease the execution ran under. So two
 * detectors never both recover one execution, a beat that arrives before the claim keeps the execution alive, a
 * beat after it changes nothing, and a detector that dies midway leaves nothing half done. Safe from any thread.
 */
@Component
public class DeadExecutionDetector {

    private static final Logger log = LoggerFactory.getLogger(DeadExecutionDetector.class);

    private final JdbcClient jdbc;
    private final JobRepository repository;
    private final JobOperator operator;
    private final TenantLock lock;
    private final TransactionTemplate transaction;
    private final Duration timeout;

    DeadExecutionDetector(JdbcClient jdbc, JobRepository repository, JobOperator operator, TenantLock lock,
            PlatformTransactionManager transactions, RecoveryProperties properties) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.operator = operator;
        this.lock = lock;
        this.transaction = new TransactionTemplate(transactions);
        this.timeout = properties.heartbeatTimeout();
    }

    /** A recovered execution and the tenant lease that was freed with it, if any. */
    public record Recovery(long executionId, String jobName, String tenantId, String deadProcess,
            boolean leaseReleased) {
    }

    /** Why an execution was not recovered. */
    public enum Refusal { NOT_FOUND, NOT_RUNNING, ALIVE, ALREADY_RECOVERED }

    /** Outcome of recovering one execution: the recovery, or the reason there was none. */
    public record Outcome(Optional<Recovery> recovery, Optional<Refusal> refusal) {
        static Outcome of(Recovery recovery) {
            return new Outcome(Optional.of(recovery), Optional.empty());
        }

        static Outcome refused(Refusal refusal) {
            return new Outcome(Optional.empty(), Optional.of(refusal));
        }
    }

    /** One sweep: adopts running executions without a heartbeat, then recovers every dead one. */
    public List<Recovery> recoverDead() {
        int adopted = jdbc.sql("""
                INSERT INTO etl.job_heartbeat (job_execution_id, process, beat_at)
                SELECT job_execution_id, 'unknown', now() FROM etl.batch_job_execution
                WHERE status IN ('STARTING', 'STARTED', 'STOPPING')
                ON CONFLICT (job_execution_id) DO NOTHING""").update();
        if (adopted > 0) {
            log.info("{} running job executions had no heartbeat; they count as dead if none comes within {}",
                    adopted, timeout);
        }
        List<Long> candidates = jdbc.sql("""
                SELECT h.job_execution_id FROM etl.job_heartbeat h
                JOIN etl.batch_job_execution e USING (job_execution_id)
                WHERE h.recovered_at IS NULL AND h.beat_at < now() - CAST(? AS interval)
                    AND e.status IN ('STARTING', 'STARTED', 'STOPPING')
                ORDER BY h.job_execution_id""")
                .param(timeout.toMillis() + " milliseconds").query(Long.class).list();
        List<Recovery> recovered = new ArrayList<>();
        for (long id : candidates) {
            recover(id).recovery().ifPresent(recovered::add);
        }
        return recovered;
    }

    /**
     * Recovers the execution if it is dead; otherwise says why not. Changes nothing else, except that a running
     * execution never seen beating is adopted (its timeout starts now).
     */
    public Outcome recover(long executionId) {
        // Looked up outside the transaction: the repository marks a transaction it joins rollback-only when it
        // finds nothing.
        if (find(repository, executionId).isEmpty()) {
            return Outcome.refused(Refusal.NOT_FOUND);
        }
        return transaction.execute(status -> {
            JobExecution execution = repository.getJobExecution(executionId);
            if (!running(execution.getStatus())) {
                return Outcome.refused(alreadyRecovered(executionId) ? Refusal.ALREADY_RECOVERED
                        : Refusal.NOT_RUNNING);
            }
            Optional<Claim> claim = claim(executionId);
            if (claim.isEmpty()) {
                return Outcome.refused(alreadyRecovered(executionId) ? Refusal.ALREADY_RECOVERED : Refusal.ALIVE);
            }
            operator.recover(repository.getJobExecution(executionId));
            boolean released = claim.get().tenantId() != null && claim.get().lockOwner() != null
                    && lock.releaseDead(claim.get().tenantId(), claim.get().lockOwner());
            Recovery recovery = new Recovery(executionId, execution.getJobInstance().getJobName(),
                    claim.get().tenantId(), claim.get().process(), released);
            log.warn("Recovered job execution {} ({}, tenant {}) left running by dead process {}; lease released: {}",
                    executionId, recovery.jobName(), recovery.tenantId(), recovery.deadProcess(), released);
            return Outcome.of(recovery);
        });
    }

    /** The execution, or empty when there is none (the JDBC repository throws where its contract says null). */
    public static Optional<JobExecution> find(JobRepository repository, long executionId) {
        try {
            return Optional.ofNullable(repository.getJobExecution(executionId));
        }
        catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }

    private record Claim(String process, String tenantId, String lockOwner) {
    }

    /** Marks the execution recovered if its beat is stale; an execution never seen beating is adopted first. */
    private Optional<Claim> claim(long executionId) {
        jdbc.sql("""
                INSERT INTO etl.job_heartbeat (job_execution_id, process, beat_at) VALUES (?, 'unknown', now())
                ON CONFLICT (job_execution_id) DO NOTHING""").param(executionId).update();
        return jdbc.sql("""
                UPDATE etl.job_heartbeat SET recovered_at = now(), recovered_by = ?
                WHERE job_execution_id = ? AND recovered_at IS NULL AND beat_at < now() - CAST(? AS interval)
                RETURNING process, tenant_id, lock_owner""")
                .params(JobHeartbeat.PROCESS, executionId, timeout.toMillis() + " milliseconds")
                .query((rs, n) -> new Claim(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    private boolean alreadyRecovered(long executionId) {
        return jdbc.sql("SELECT recovered_at IS NOT NULL FROM etl.job_heartbeat WHERE job_execution_id = ?")
                .param(executionId).query(Boolean.class).optional().orElse(false);
    }

    private static boolean running(BatchStatus status) {
        return status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING;
    }
}
