package org.openiwd.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.lifecycle.TaskStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates outside a transaction that wait while the batcher's one worker is busy are inserted by one statement, and
 * each caller still gets exactly its own outcome. The worker is held busy by a create whose capture another
 * transaction has inserted and not committed (the insert waits for that transaction, then rolls back).
 */
class TaskInsertBatcherTest extends ApiIntegrationTest {

    @Autowired
    TaskRepository tasks;

    @Autowired
    PlatformTransactionManager transactions;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private TaskInsertBatcher batcher;

    @BeforeEach
    void oneWorker() {
        batcher = new TaskInsertBatcher(tasks, 1, 100, meters);
        batcher.start();
    }

    @AfterEach
    void stop() {
        batcher.stop();
        callers.shutdownNow();
    }

    @Test
    void createsWaitingForTheWorkerAreInsertedByOneStatementEachWithItsOwnTask() throws Exception {
        provision("grouped");

        List<Future<Optional<Task>>> results = whileTheWorkerIsHeld("grouped",
                () -> IntStream.range(0, 20).mapToObj(i -> create("grouped", "c-" + i)).toList());

        List<Task> created = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Task task = results.get(i).get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(task.captureId()).isEqualTo("c-" + i);
            created.add(task);
        }
        assertThat(created).extracting(Task::id).doesNotHaveDuplicates();
        DistributionSummary statements = meters.get("iwd.tasks.insert.batch").summary();
        assertThat(statements.count()).isEqualTo(2);
        assertThat(statements.max()).isEqualTo(20);
        assertThat(jdbc.sql("""
                SELECT count(DISTINCT xmin::text) FROM task WHERE tenant_id = 'grouped' AND capture_id LIKE 'c-%'""")
                .query(Long.class).single()).isOne();
        assertThat(jdbc.sql("""
                SELECT type || ':' || task_id FROM task_event WHERE tenant_id = 'grouped' AND capture_id LIKE 'c-%'
                ORDER BY event_id""").query(String.class).list())
                .containsExactlyElementsOf(created.stream().map(Task::id).sorted()
                        .flatMap(id -> List.of("Created:" + id, "Queued:" + id).stream()).toList());
    }

    @Test
    void repeatsOfOneCaptureInOneStatementMakeOneTaskAndTheOthersFindItExisting() throws Exception {
        provision("repeated");

        List<Future<Optional<Task>>> results = whileTheWorkerIsHeld("repeated",
                () -> IntStream.range(0, 10).mapToObj(i -> create("repeated", "same")).toList());

        int inserted = 0;
        for (Future<Optional<Task>> result : results) {
            inserted += result.get(10, TimeUnit.SECONDS).isPresent() ? 1 : 0;
        }
        assertThat(inserted).isOne();
        assertThat(meters.get("iwd.tasks.insert.batch").summary().max()).isEqualTo(10);
        assertThat(jdbc.sql("SELECT count(*) FROM task_event WHERE tenant_id = 'repeated' AND capture_id = 'same'")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void createsWithoutACapturePointAreGroupedAndOneCaptureIdStillMakesOneTask() throws Exception {
        provision("no-point");

        List<Future<Optional<Task>>> results = whileTheWorkerIsHeld("no-point", () -> List.of(
                create("no-point", null, "x"), create("no-point", "crm", "x"), create("no-point", null, "x"),
                create("no-point", null, "y")));

        // The two creates of (none, x) race into the queue: one of them inserts it, whichever came first.
        assertThat(List.of(results.get(0).get(10, TimeUnit.SECONDS), results.get(2).get(10, TimeUnit.SECONDS)))
                .filteredOn(Optional::isPresent).hasSize(1);
        assertThat(results.get(1).get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(results.get(3).get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(meters.get("iwd.tasks.insert.batch").summary().max()).isEqualTo(4);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE tenant_id = 'no-point' AND capture_point_id IS NULL")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void oneCaptureInTwoTenantsMakesATaskInEach() throws Exception {
        provision("left");
        provision("right");

        List<Future<Optional<Task>>> results = whileTheWorkerIsHeld("left",
                () -> List.of(create("left", "shared"), create("right", "shared")));

        assertThat(results.get(0).get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(results.get(1).get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(results.get(0).get().orElseThrow().id()).isNotEqualTo(results.get(1).get().orElseThrow().id());
        assertThat(jdbc.sql("SELECT tenant_id FROM task WHERE capture_id = 'shared' ORDER BY tenant_id")
                .query(String.class).list()).containsExactly("left", "right");
    }

    @Test
    void aCreateThatFailsInAStatementFailsAloneAndTheOthersAreInserted() throws Exception {
        provision("mixed");

        List<Future<Optional<Task>>> results = whileTheWorkerIsHeld("mixed",
                () -> List.of(create("mixed", "good-1"), create("no-such-tenant", "bad"), create("mixed", "good-2")));

        assertThat(results.get(0).get(10, TimeUnit.SECONDS)).isPresent();
        assertThatThrownBy(() -> results.get(1).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DataIntegrityViolationException.class);
        assertThat(results.get(2).get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(meters.get("iwd.tasks.insert.batch").summary().max()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT capture_id FROM task WHERE tenant_id = 'mixed' AND capture_id LIKE 'good-%' "
                + "ORDER BY capture_id").query(String.class).list()).containsExactly("good-1", "good-2");
    }

    @Test
    void timesKeepTheirMicrosecondsInAnyYearPostgresqlStores() throws Exception {
        provision("times");
        Instant far = Instant.parse("+12026-03-04T05:06:07.123456Z");
        Instant bc = Instant.parse("-0043-03-15T12:00:00Z");
        CreateTaskRequest request = new CreateTaskRequest("t-1", "crm", null, null, "p", null, "q", null, null, null,
                far.atOffset(ZoneOffset.UTC), bc.atOffset(ZoneOffset.UTC), null, null, null,
                null, null, null);

        Task task = batcher.insertIfAbsent(new TaskRepository.NewTask("times", request,
                Instant.parse("2026-11-30T01:02:03.987654321Z"), TaskRepository.InitialState.NEW)).orElseThrow();

        assertThat(task.dueAt()).isEqualTo(far);
        assertThat(task.createdAt()).isEqualTo(Instant.parse("2026-11-30T01:02:03.987654Z"));
        // Read back in SQL: the driver's java.sql.Timestamp reads dates before 1582 in the Julian calendar.
        assertThat(jdbc.sql("SELECT to_char(activation_at AT TIME ZONE 'UTC', 'YYYY-MM-DD BC') FROM task "
                + "WHERE tenant_id = 'times'").query(String.class).single()).isEqualTo("0044-03-15 BC");
    }

    @Test
    @Timeout(30)
    void aCreateAfterTheWorkersStoppedRunsOnItsCallersThread() {
        provision("stopped");
        batcher.stop();

        assertThat(batcher.insertIfAbsent(newTask("stopped", "late"))).isPresent();
        assertThat(batcher.insertIfAbsent(newTask("stopped", "late"))).isEmpty();
    }

    /**
     * Holds the worker in a create of capture {@code held}, which another transaction has inserted uncommitted,
     * queues {@code creates} meanwhile, then rolls that transaction back: the held create is inserted, and the
     * queued ones after it, by the worker's next statement.
     */
    private List<Future<Optional<Task>>> whileTheWorkerIsHeld(String tenant,
            Supplier<List<Future<Optional<Task>>>> creates) throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            tasks.insertAllIfAbsent(List.of(newTask(tenant, "held")));
            holding.countDown();
            awaitQuietly(release);
            tx.setRollbackOnly();
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Optional<Task>> held = create(tenant, "held");
        awaitWorkerBlocked();
        List<Future<Optional<Task>>> queued = creates.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (batcher.waiting() < queued.size()) {
            assertThat(System.nanoTime()).as("the creates queued behind the held one").isLessThan(deadline);
            Thread.sleep(5);
        }
        release.countDown();
        holder.join(10_000);
        assertThat(held.get(10, TimeUnit.SECONDS)).isPresent();
        return queued;
    }

    /** The worker's statement waits for the holder's transaction (a lock wait in PostgreSQL). */
    private void awaitWorkerBlocked() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            long waiting = jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%unnest(%'""")
                    .query(Long.class).single();
            if (waiting > 0) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the worker's insert never waited for the holder");
    }

    private Future<Optional<Task>> create(String tenant, String captureId) {
        return create(tenant, "crm", captureId);
    }

    private Future<Optional<Task>> create(String tenant, String capturePointId, String captureId) {
        return callers.submit(() -> batcher.insertIfAbsent(newTask(tenant, capturePointId, captureId)));
    }

    private static TaskRepository.NewTask newTask(String tenant, String captureId) {
        return newTask(tenant, "crm", captureId);
    }

    private static TaskRepository.NewTask newTask(String tenant, String capturePointId, String captureId) {
        CreateTaskRequest request = new CreateTaskRequest(captureId, capturePointId, null, null, "p", null, "q", null, 3, null,
                null, null, null, "Subject " + captureId, null, null, null, null);
        return new TaskRepository.NewTask(tenant, request, Instant.parse("2026-11-30T01:00:00.123456Z"),
                new TaskRepository.InitialState(TaskStatus.Queued, null, null));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
