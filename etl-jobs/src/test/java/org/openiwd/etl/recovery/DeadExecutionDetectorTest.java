package org.openiwd.etl.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.lock.TenantLock;
import org.openiwd.etl.operation.JobOperations;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * The detector of dead executions on the real database: what a recovery changes, and one test for each race it
 * defends against (two detectors, a live execution, a beat just before the claim, a beat just after it).
 */
@TestPropertySource(properties = {
    "iwd.etl.recovery.heartbeat-interval=200ms",
    "iwd.etl.recovery.heartbeat-timeout=1s"})
class DeadExecutionDetectorTest extends EtlWithApiTest {

    static final String TENANT = "detect";

    @Autowired
    DeadExecutionDetector detector;
    @Autowired
    JobHeartbeat heartbeat;
    @Autowired
    JobRepository repository;
    @Autowired
    TenantLock lock;
    @Autowired
    JobOperations operations;
    @Value("${spring.datasource.url}")
    String dataMartUrl;

    DeadProcess dead;
    final ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeEach
    void tenant() {
        if (jdbc.sql("SELECT count(*) FROM etl.tenant WHERE tenant_id = ?").param(TENANT).query(Long.class)
                .single() == 0) {
            String key = provisionWithImportKey(TENANT, "UTC");
            api(key).post().uri("/tasks").body(Map.of("captureId", "c1")).retrieve().toBodilessEntity();
            tenants.sync();
        }
        // Each test starts with no running execution and no lease: what earlier tests left is finished by hand.
        heartbeat.running().forEach(id -> heartbeat.afterJob(repository.getJobExecution(id)));
        jdbc.sql("""
                UPDATE etl.batch_job_execution SET status = 'ABANDONED', end_time = localtimestamp
                WHERE status IN ('STARTING', 'STARTED', 'STOPPING')""").update();
        jdbc.sql("DELETE FROM etl.tenant_lock").update();
        dead = new DeadProcess(repository, jdbc);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aDeadExecutionAndItsRunningStepBecomeFailedAndItsLeaseIsFreed() {
        DeadProcess.Left left = dead.leave(JobNames.INTRADAY, JobNames.LOAD_INTRADAY, TENANT, "1 hour", true);

        List<DeadExecutionDetector.Recovery> recovered = detector.recoverDead();

        assertThat(recovered).containsExactly(new DeadExecutionDetector.Recovery(left.id(), JobNames.INTRADAY,
                TENANT, "4242@dead-host", true));
        assertThat(repository.getJobExecution(left.id()).getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(repository.getJobExecution(left.id()).getEndTime()).isNotNull();
        assertThat(repository.getStepExecution(left.step().getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(jdbc.sql("SELECT count(*) FROM etl.tenant_lock").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT recovered_by FROM etl.job_heartbeat WHERE job_execution_id = ?")
                .param(left.id()).query(String.class).single()).isEqualTo(JobHeartbeat.PROCESS);
        assertThat(detector.recoverDead()).as("nothing left to recover").isEmpty();
    }

    @Test
    void aLeaseTakenSinceByAnotherLaunchIsNotFreed() {
        DeadProcess.Left left = dead.leave(JobNames.INTRADAY, JobNames.LOAD_INTRADAY, TENANT, "1 hour", true);
        jdbc.sql("UPDATE etl.tenant_lock SET owner = 'alive@host/1' WHERE tenant_id = ?").param(TENANT).update();

        assertThat(detector.recover(left.id()).recovery()).hasValueSatisfying(r ->
                assertThat(r.leaseReleased()).isFalse());
        assertThat(jdbc.sql("SELECT owner FROM etl.tenant_lock").query(String.class).list())
                .containsExactly("alive@host/1");
    }

    @Test
    void anExecutionThatNeverBeatIsAdoptedAndRecoveredOnlyAfterTheTimeout() throws InterruptedException {
        DeadProcess.Left left = dead.leave(JobNames.LOAD_INTRADAY, JobNames.LOAD_INTRADAY, TENANT, null, false);

        assertThat(detector.recoverDead()).as("first seen: its timeout starts now").isEmpty();
        assertThat(repository.getJobExecution(left.id()).getStatus()).isEqualTo(BatchStatus.STARTED);
        Thread.sleep(1_300);
        assertThat(detector.recoverDead()).extracting(DeadExecutionDetector.Recovery::executionId)
                .containsExactly(left.id());
    }

    /** Race 1: two replicas sweep at the same moment; each dead execution is recovered exactly once. */
    @Test
    void twoDetectorsSweepingTogetherRecoverEachDeadExecutionOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(dead.leave(JobNames.LOAD_INTRADAY, JobNames.LOAD_INTRADAY, TENANT, "1 minute", false).id());
        }
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<List<DeadExecutionDetector.Recovery>> first = CompletableFuture.supplyAsync(() -> sweep(
                together), threads);
        CompletableFuture<List<DeadExecutionDetector.Recovery>> second = CompletableFuture.supplyAsync(() -> sweep(
                together), threads);

        List<Long> recovered = new ArrayList<>();
        first.get(30, TimeUnit.SECONDS).forEach(r -> recovered.add(r.executionId()));
        second.get(30, TimeUnit.SECONDS).forEach(r -> recovered.add(r.executionId()));
        assertThat(recovered).as("each once, by one of the two").containsExactlyInAnyOrderElementsOf(ids);
        for (long id : ids) {
            DeadExecutionDetector.Outcome again = detector.recover(id);
            assertThat(again.refusal()).contains(DeadExecutionDetector.Refusal.ALREADY_RECOVERED);
        }
    }

    /** Race 2: a live execution whose job makes no progress for many timeouts keeps beating and is never taken. */
    @Test
    void aLiveExecutionBlockedForManyTimeoutsIsNeverRecovered() throws Exception {
        CompletableFuture<Long> run;
        try (Connection blocker = DriverManager.getConnection(dataMartUrl, "iwd", "iwd")) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("LOCK TABLE tenant_detect.etl_watermark IN ACCESS EXCLUSIVE MODE");
            run = CompletableFuture.supplyAsync(() -> {
                try {
                    return operations.launch(JobNames.INTRADAY, TENANT, Map.of()).id();
                }
                catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            long deadline = System.currentTimeMillis() + 4_000;
            while (System.currentTimeMillis() < deadline) {
                assertThat(detector.recoverDead()).as("nothing is dead").isEmpty();
                Thread.sleep(100);
            }
            assertThat(heartbeat.running()).as("the job is still blocked and beating").hasSize(1);
            long id = heartbeat.running().iterator().next();
            assertThat(detector.recover(id).refusal()).contains(DeadExecutionDetector.Refusal.ALIVE);
            blocker.rollback();
        }
        long id = run.get(60, TimeUnit.SECONDS);
        assertThat(repository.getJobExecution(id).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT recovered_at IS NULL FROM etl.job_heartbeat WHERE job_execution_id = ?")
                .param(id).query(Boolean.class).single()).isTrue();
    }

    /** Race 3: the beat is written while the detector decides; the detector waits for it and lets it live. */
    @Test
    void aBeatCommittedWhileTheDetectorClaimsKeepsTheExecutionAlive() throws Exception {
        DeadProcess.Left left = dead.leave(JobNames.LOAD_INTRADAY, JobNames.LOAD_INTRADAY, TENANT, "1 hour", false);
        CompletableFuture<DeadExecutionDetector.Outcome> outcome;
        try (Connection process = DriverManager.getConnection(dataMartUrl, "iwd", "iwd")) {
            process.setAutoCommit(false);
            process.createStatement().executeUpdate(
                    "UPDATE etl.job_heartbeat SET beat_at = now() WHERE job_execution_id = " + left.id());
            outcome = CompletableFuture.supplyAsync(() -> detector.recover(left.id()), threads);
            awaitWaitingOnALock();
            process.commit();
        }
        assertThat(outcome.get(30, TimeUnit.SECONDS).refusal()).contains(DeadExecutionDetector.Refusal.ALIVE);
        assertThat(repository.getJobExecution(left.id()).getStatus()).isEqualTo(BatchStatus.STARTED);
    }

    /** Race 4: a process that was only paused beats after its execution was recovered: nothing is revived. */
    @Test
    void aBeatAfterTheRecoveryDoesNotReviveTheExecution() {
        // The paused process: its timer does not fire during the test; the test makes its late beat by hand.
        JobHeartbeat paused = new JobHeartbeat(jdbc, lock, new RecoveryProperties(Duration.ofHours(1),
                Duration.ofHours(3), false, Duration.ofHours(1)));
        try {
            DeadProcess.Left left = dead.leave(JobNames.LOAD_INTRADAY, JobNames.LOAD_INTRADAY, TENANT, null, false);
            paused.beforeJob(left.execution());
            assertThat(paused.running()).contains(left.id());
            jdbc.sql("UPDATE etl.job_heartbeat SET beat_at = now() - interval '1 hour' WHERE job_execution_id = ?")
                    .param(left.id()).update();
            assertThat(detector.recover(left.id()).recovery()).isPresent();

            paused.beat();

            assertThat(paused.running()).as("no longer beaten").doesNotContain(left.id());
            assertThat(jdbc.sql("""
                    SELECT beat_at < now() - interval '30 minutes' AND recovered_at IS NOT NULL
                    FROM etl.job_heartbeat WHERE job_execution_id = ?""").param(left.id()).query(Boolean.class)
                    .single()).as("the late beat changed nothing").isTrue();
            assertThat(repository.getJobExecution(left.id()).getStatus()).isEqualTo(BatchStatus.FAILED);
        }
        finally {
            paused.destroy();
        }
    }

    private List<DeadExecutionDetector.Recovery> sweep(CyclicBarrier together) {
        try {
            together.await(10, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return detector.recoverDead();
    }

    private void awaitWaitingOnALock() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                    AND query LIKE '%job_heartbeat%'""").query(Long.class).single() == 0) {
            assertThat(System.currentTimeMillis()).as("the detector reached the claim").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
