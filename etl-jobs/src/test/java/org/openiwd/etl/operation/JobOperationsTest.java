package org.openiwd.etl.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.recovery.DeadProcess;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** The job operations service on the real API and databases: each operation, its refusals, lists and details. */
class JobOperationsTest extends EtlWithApiTest {

    @Autowired
    JobOperations operations;
    @Autowired
    JobRepository repository;
    @Value("${spring.datasource.url}")
    String dataMartUrl;

    final ExecutorService threads = Executors.newSingleThreadExecutor();
    static final Map<String, String> importKeys = new ConcurrentHashMap<>();

    @BeforeEach
    void tenants() {
        for (String tenant : new String[] {"ops", "ops2"}) {
            importKeys.computeIfAbsent(tenant, t -> provisionWithImportKey(t, "UTC"));
        }
        tenants.sync();
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void executionsAreListedByJobTenantStatusAndTimeInPagesAndShowTheirSteps() throws Exception {
        long before = count();
        for (int i = 0; i < 3; i++) {
            api(importKeys.get("ops")).post().uri("/tasks").body(Map.of("captureId", "list" + i)).retrieve()
                    .toBodilessEntity();
        }
        // Spring Batch stamps executions with this JVM's clock: everything launched from here on is after start,
        // everything before (the other tests' runs) strictly before it. The pause also lets the feed position the
        // tasks' events.
        Thread.sleep(500);
        LocalDateTime start = LocalDateTime.now();
        Thread.sleep(50);
        ExecutionSummary first = operations.launch(JobNames.INTRADAY, "ops", Map.of("reason", "test"));
        ExecutionSummary second = operations.launch(JobNames.LOAD_INTRADAY, "ops", Map.of());
        ExecutionSummary third = operations.launch(JobNames.INTRADAY, "ops2", Map.of());
        assertThat(first.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(first.tenantId()).isEqualTo("ops");
        assertThat(first.process()).as("it beat while it ran").isNotNull();

        ExecutionFilter recent = ExecutionFilter.all().createdBetween(start, LocalDateTime.now().plusMinutes(1));
        assertThat(operations.list(recent, 0, 10).items()).extracting(ExecutionSummary::id)
                .containsExactly(third.id(), second.id(), first.id());
        assertThat(operations.list(recent.withJob(JobNames.INTRADAY), 0, 10).items())
                .extracting(ExecutionSummary::id).containsExactly(third.id(), first.id());
        assertThat(operations.list(recent.withTenant("ops"), 0, 10).items())
                .extracting(ExecutionSummary::id).containsExactly(second.id(), first.id());
        assertThat(operations.list(recent.withTenant("ops").withStatus(BatchStatus.FAILED), 0, 10).total())
                .isZero();
        assertThat(operations.list(ExecutionFilter.all().createdBetween(null, start), 0, 10).total())
                .isEqualTo(before);
        ExecutionPage page = operations.list(recent, 1, 2);
        assertThat(page.items()).extracting(ExecutionSummary::id).containsExactly(first.id());
        assertThat(page.total()).isEqualTo(3);

        ExecutionDetail detail = operations.detail(first.id());
        assertThat(detail.parameters()).containsEntry(JobNames.TENANT_PARAMETER, "ops").containsEntry("reason",
                "test");
        assertThat(detail.steps()).extracting(StepSummary::name).containsExactly(JobNames.LOAD_CONFIG,
                JobNames.LOAD_AGENTS, JobNames.LOAD_INTRADAY, JobNames.AGGREGATE_INTRADAY);
        StepSummary load = detail.steps().get(2);
        assertThat(load.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(load.readCount()).as("the three tasks' events").isEqualTo(load.writeCount()).isPositive();
        assertThat(load.commitCount()).isPositive();
        assertThat(load.rollbackCount()).isZero();
        assertThat(load.exitCode()).isEqualTo("COMPLETED");
    }

    @Test
    void impossibleOperationsAreRefusedClearlyAndChangeNothing() throws Exception {
        long done = operations.launch(JobNames.LOAD_INTRADAY, "ops", Map.of()).id();

        assertThatThrownBy(() -> operations.restart(done)).isInstanceOf(ExecutionStateException.class)
                .hasMessageContaining("it is COMPLETED");
        assertThatThrownBy(() -> operations.stop(done)).isInstanceOf(ExecutionStateException.class)
                .hasMessageContaining("not running");
        assertThatThrownBy(() -> operations.abandon(done)).isInstanceOf(ExecutionStateException.class);
        assertThatThrownBy(() -> operations.recover(done)).isInstanceOf(ExecutionStateException.class)
                .hasMessageContaining("not running");
        assertThat(operations.detail(done).summary().status()).isEqualTo(BatchStatus.COMPLETED);

        long unknown = 9_999_999L;
        assertThatThrownBy(() -> operations.detail(unknown)).isInstanceOf(NoSuchExecutionException.class);
        assertThatThrownBy(() -> operations.restart(unknown)).isInstanceOf(NoSuchExecutionException.class);
        assertThatThrownBy(() -> operations.stop(unknown)).isInstanceOf(NoSuchExecutionException.class);
        assertThatThrownBy(() -> operations.abandon(unknown)).isInstanceOf(NoSuchExecutionException.class);
        assertThatThrownBy(() -> operations.recover(unknown)).isInstanceOf(NoSuchExecutionException.class);
        assertThatThrownBy(() -> operations.launch("explode", "ops", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No job 'explode'");
        assertThatThrownBy(() -> operations.launch(JobNames.INTRADAY, "nobody", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
        assertThatThrownBy(() -> operations.list(ExecutionFilter.all(), -1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> operations.list(ExecutionFilter.all(), 0, ExecutionQueries.MAX_PAGE_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExecutionLeftRunningByADeadProcessIsRecoveredAndRestartedAsTheSameJobInstance() throws Exception {
        DeadProcess.Left left = new DeadProcess(repository, jdbc).leave(JobNames.INTRADAY, JobNames.LOAD_INTRADAY,
                "ops2", "1 hour", true);
        assertThatThrownBy(() -> operations.launch(JobNames.INTRADAY, "ops2", Map.of()))
                .as("the dead process's lease still holds the tenant")
                .isInstanceOf(EtlJobRunner.TenantBusyException.class);

        ExecutionSummary recovered = operations.recover(left.id());
        assertThat(recovered.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(recovered.recovered()).isTrue();
        assertThat(recovered.process()).isEqualTo("4242@dead-host");
        assertThatThrownBy(() -> operations.recover(left.id())).isInstanceOf(ExecutionStateException.class)
                .hasMessageContaining("already recovered");

        ExecutionSummary restarted = operations.restart(left.id());
        assertThat(restarted.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.instanceId()).isEqualTo(recovered.instanceId());
        assertThat(restarted.id()).isNotEqualTo(left.id());
        assertThatThrownBy(() -> operations.restart(left.id())).isInstanceOf(ExecutionStateException.class)
                .hasMessageContaining("went on as execution " + restarted.id());
    }

    @Test
    void aRunningExecutionIsNotRecoveredButStopsAndAStoppedOneCanBeAbandoned() throws Exception {
        CompletableFuture<ExecutionSummary> run;
        long id;
        try (Connection blocker = DriverManager.getConnection(dataMartUrl, "iwd", "iwd")) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("LOCK TABLE tenant_ops.etl_watermark IN ACCESS EXCLUSIVE MODE");
            run = CompletableFuture.supplyAsync(() -> {
                try {
                    return operations.launch(JobNames.INTRADAY, "ops", Map.of());
                }
                catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            id = awaitRunning();
            assertThatThrownBy(() -> operations.recover(id)).isInstanceOf(ExecutionStateException.class)
                    .hasMessageContaining("alive");
            assertThatThrownBy(() -> operations.restart(id)).isInstanceOf(ExecutionStateException.class)
                    .hasMessageContaining("STARTED");
            operations.stop(id);
            blocker.rollback();
        }
        ExecutionSummary stopped = run.get(60, TimeUnit.SECONDS);
        assertThat(stopped.id()).isEqualTo(id);
        assertThat(stopped.status()).isEqualTo(BatchStatus.STOPPED);

        assertThat(operations.abandon(id).status()).isEqualTo(BatchStatus.ABANDONED);
        assertThatThrownBy(() -> operations.restart(id)).isInstanceOf(ExecutionStateException.class)
                .hasMessageContaining("ABANDONED");
    }

    private long awaitRunning() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            var running = operations.list(ExecutionFilter.all().withTenant("ops").withStatus(BatchStatus.STARTED),
                    0, 1).items();
            if (!running.isEmpty() && running.getFirst().process() != null) {
                return running.getFirst().id();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the job did not start");
    }

    private long count() {
        return jdbc.sql("SELECT count(*) FROM etl.batch_job_execution").query(Long.class).single();
    }
}
