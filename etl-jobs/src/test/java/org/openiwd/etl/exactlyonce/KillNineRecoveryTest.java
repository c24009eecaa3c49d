package org.openiwd.etl.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlJobsApplication;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.operation.ExecutionSummary;
import org.openiwd.etl.operation.JobOperations;
import org.openiwd.etl.recovery.DeadExecutionDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Exactly once, proof 2: a separate ETL process (one-shot mode) is killed with SIGKILL at random moments of its
 * job, at least {@value #KILLS} times; after each kill the detector of this process finds the stuck execution by
 * its stopped heartbeat and recovers it, and the next process restarts that execution (same job instance). When a
 * run completes, every fact and aggregate table equals a clean run's in every business column. The seed of the
 * kill moments is logged; {@code -Diwd.killnine.seed=N} replays a sequence.
 */
@TestPropertySource(properties = {
    "iwd.etl.load.page-size=" + KillNineRecoveryTest.PAGE_SIZE,
    "iwd.etl.recovery.heartbeat-interval=" + KillNineRecoveryTest.HEARTBEAT_INTERVAL,
    "iwd.etl.recovery.heartbeat-timeout=" + KillNineRecoveryTest.HEARTBEAT_TIMEOUT})
class KillNineRecoveryTest extends EtlWithApiTest {

    private static final Logger log = LoggerFactory.getLogger(KillNineRecoveryTest.class);

    static final String TENANT = "killnine";
    static final String SCHEMA = "tenant_killnine";
    static final int KILLS = 10;
    static final String PAGE_SIZE = "10";
    static final String HEARTBEAT_INTERVAL = "250ms";
    static final String HEARTBEAT_TIMEOUT = "1500ms";

    @Autowired
    JobOperations operations;
    @Autowired
    DeadExecutionDetector detector;
    @Value("${spring.datasource.url}")
    String dataMartUrl;
    @Value("${spring.datasource.username}")
    String dataMartUser;
    @Value("${spring.datasource.password}")
    String dataMartPassword;

    /** One separate ETL process: its execution once it beats, and how it ended. */
    record Trial(int number, long executionId, long delayMs, boolean killed, int exitCode) {
    }

    @Test
    void killedAtRandomMomentsThenRecoveredAndRestartedLoadsExactlyTheRowsOfACleanRun() throws Exception {
        long seed = Long.getLong("iwd.killnine.seed", System.nanoTime());
        log.info("kill -9 trials: seed {} (replay with -Diwd.killnine.seed={})", seed, seed);
        Random random = new Random(seed);
        RestClient api = api(provisionWithImportKey(TENANT, "Europe/Paris"));
        api.post().uri("/departments").body(Map.of("id", "d", "name", "D")).retrieve().toBodilessEntity();
        api.post().uri("/processes").body(Map.of("id", "p", "name", "P", "parentId", "d")).retrieve()
                .toBodilessEntity();
        RestartAfterPlannedFailureTest.replay(api, 850);
        long head = ((Number) api.get().uri("/reporting/events/head").retrieve().body(Map.class).get("id"))
                .longValue();

        // The clean run first: the feed into a Data Mart built from nothing, in this process, never killed. Its
        // duration tells how to spread the kill moments over the separate processes' runs.
        tenants.sync();
        long cleanStart = System.nanoTime();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        double idsPerMs = head / Math.max(1.0, (System.nanoTime() - cleanStart) / 1e6);
        Map<String, List<String>> clean = DataMartSnapshot.of(jdbc, SCHEMA);
        jdbc.sql("DROP SCHEMA %s CASCADE".formatted(SCHEMA)).update();
        jdbc.sql("DELETE FROM etl.tenant WHERE tenant_id = ?").param(TENANT).update();
        tenants.sync();

        List<Trial> trials = new ArrayList<>();
        Optional<Long> restart = Optional.empty();
        while (true) {
            long killsLeft = KILLS - trials.stream().filter(Trial::killed).count();
            long before = watermark();
            Process etl = start(trials.size() + 1, restart);
            long executionId = awaitBeating(etl);
            long delay = 0;
            if (killsLeft > 0) {
                // Uniform over a share of what is left of the job, so that all the kills land inside it.
                double expectedLeftMs = (head - before) / idsPerMs;
                delay = (long) (random.nextDouble() * Math.max(100, 2 * expectedLeftMs / (killsLeft + 1)));
                Thread.sleep(delay);
            }
            boolean killed = killsLeft > 0 && etl.isAlive();
            if (killed) {
                etl.destroyForcibly();
            }
            assertThat(etl.waitFor(120, TimeUnit.SECONDS)).as("trial %d ended", trials.size() + 1).isTrue();
            Trial trial = new Trial(trials.size() + 1, executionId, delay, killed, etl.exitValue());
            trials.add(trial);
            log.info("kill -9 trial {}: execution {}, {} after {} ms in step {}, watermark {} -> {} of {}",
                    trial.number(), executionId, killed ? "killed" : "exit " + trial.exitCode(), delay,
                    runningStep(executionId), before, watermark(), head);
            ExecutionSummary after = operations.detail(executionId).summary();
            if (after.status() == BatchStatus.COMPLETED) {
                break;
            }
            assertThat(killed).as("trial %d: a process that was not killed completed (%s)", trial.number(),
                    after.status()).isTrue();
            assertThat(after.status()).as("killed mid-run, left running").isIn(BatchStatus.STARTING,
                    BatchStatus.STARTED);
            DeadExecutionDetector.Recovery recovery = awaitRecovery(executionId);
            assertThat(recovery.leaseReleased()).as("the dead process's lease is freed").isTrue();
            ExecutionSummary recovered = operations.detail(executionId).summary();
            assertThat(recovered.status()).isEqualTo(BatchStatus.FAILED);
            assertThat(recovered.recovered()).isTrue();
            restart = Optional.of(executionId);
        }

        assertThat(trials.stream().filter(Trial::killed).count()).isGreaterThanOrEqualTo(KILLS);
        long instance = operations.detail(trials.getFirst().executionId()).summary().instanceId();
        for (Trial trial : trials) {
            ExecutionSummary execution = operations.detail(trial.executionId()).summary();
            assertThat(execution.instanceId()).as("trial %d restarted the same job instance", trial.number())
                    .isEqualTo(instance);
            assertThat(execution.status()).isEqualTo(trial.killed() ? BatchStatus.FAILED : BatchStatus.COMPLETED);
        }
        Map<String, List<String>> afterKills = DataMartSnapshot.of(jdbc, SCHEMA);

        assertThat(afterKills.get("task_event_fact")).hasSizeGreaterThan(2_500);
        assertThat(afterKills).isEqualTo(clean);
    }

    /** A separate JVM in one-shot mode, on this test's class path, against this test's API and databases. */
    private Process start(int trial, Optional<Long> restart) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                EtlJobsApplication.class.getName(),
                "--run-once=" + JobNames.INTRADAY, "--tenant=" + TENANT,
                "--spring.datasource.url=" + dataMartUrl, "--spring.datasource.username=" + dataMartUser,
                "--spring.datasource.password=" + dataMartPassword,
                "--spring.datasource.hikari.maximum-pool-size=3", "--management.server.port=-1",
                "--iwd.etl.api.url=" + apiUrl(), "--iwd.etl.api.datamart-api-key=" + DATAMART_KEY,
                "--iwd.etl.info-mart.url=" + gim.url(), "--iwd.etl.load.page-size=" + PAGE_SIZE,
                "--iwd.etl.recovery.heartbeat-interval=" + HEARTBEAT_INTERVAL,
                "--iwd.etl.recovery.heartbeat-timeout=" + HEARTBEAT_TIMEOUT));
        restart.ifPresent(id -> command.add("--restart=" + id));
        Path logs = Files.createDirectories(Path.of("target", "killnine"));
        File output = logs.resolve("trial-" + trial + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    /** The execution the process runs, once its heartbeat row exists. */
    private long awaitBeating(Process etl) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<Long> id = jdbc.sql("""
                    SELECT job_execution_id FROM etl.job_heartbeat WHERE process LIKE ?
                    ORDER BY job_execution_id DESC LIMIT 1""").param(etl.pid() + "@%").query(Long.class).optional();
            if (id.isPresent()) {
                return id.get();
            }
            assertThat(etl.isAlive()).as("the ETL process started its job (see target/killnine)").isTrue();
            Thread.sleep(10);
        }
        throw new AssertionError("the ETL process did not start its job within 90 s");
    }

    /** Runs the detector, as a replica's schedule would, until it recovers the execution. */
    private DeadExecutionDetector.Recovery awaitRecovery(long executionId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (DeadExecutionDetector.Recovery recovery : detector.recoverDead()) {
                if (recovery.executionId() == executionId) {
                    return recovery;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("execution " + executionId + " was not recovered within 30 s");
    }

    /** The step the execution was in when its process died (the last step that did not end), for the log. */
    private String runningStep(long executionId) {
        return jdbc.sql("""
                SELECT coalesce(string_agg(step_name, ','), '-') FROM etl.batch_step_execution
                WHERE job_execution_id = ? AND end_time IS NULL""").param(executionId).query(String.class).single();
    }

    private long watermark() {
        return jdbc.sql("SELECT last_event_id FROM %s.etl_watermark WHERE feed = 'task'".formatted(SCHEMA))
                .query(Long.class).single();
    }
}
