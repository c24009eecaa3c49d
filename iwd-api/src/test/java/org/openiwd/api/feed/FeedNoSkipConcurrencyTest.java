package org.openiwd.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The feed never skips an event that commits after a reader has passed positions above it. Writers go through
 * the real HTTP API with every action; a reader pages through the feed at the same time; at the end the reader
 * has every event exactly once, in increasing positions.
 */
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=24")
class FeedNoSkipConcurrencyTest extends ApiIntegrationTest {

    static final int WRITERS = 16;
    static final int TASKS_PER_WRITER = 12;
    static final String[] ACTIONS = {"assign", "transfer", "hold", "resume", "restart", "complete", "cancel",
        "reject"};

    @Autowired
    DataSource dataSource;

    @Test
    void sixteenConcurrentWritersAndAReaderSeeEveryEventExactlyOnceInOrder() throws Exception {
        Map<String, String> keys = provision("feed16");
        RestClient writer = client(keys.get("tenant"));
        RestClient reader = client(keys.get("datamart"));
        configureProcesses(writer, "p");
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        Future<List<Long>> read = pool.submit(() -> readUntilQuiet(reader, writing));
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writerId = w;
            writers.add(pool.submit(() -> writeTasks(writer, writerId)));
        }
        for (Future<?> f : writers) {
            f.get();
        }
        writing.set(false);
        List<Long> seen = read.get();
        pool.shutdown();

        List<Long> stored = jdbc.sql("""
                SELECT p.feed_id FROM task_event e LEFT JOIN task_event_position p USING (event_id)
                WHERE e.tenant_id = 'feed16' ORDER BY p.feed_id""")
                .query(Long.class).list();
        List<String> types = jdbc.sql("SELECT DISTINCT type FROM task_event WHERE tenant_id = 'feed16'")
                .query(String.class).list();
        assertThat(types).as("every action ran").contains("Created", "Queued", "Assigned", "Transferred", "Held",
                "Resumed", "Restarted", "Completed", "Canceled", "Rejected");
        assertThat(stored).hasSizeGreaterThan(WRITERS * TASKS_PER_WRITER * 3).doesNotContainNull();
        assertThat(seen).as("strictly increasing positions").isSorted().doesNotHaveDuplicates();
        assertThat(seen).as("the complete set, nothing skipped").containsExactlyElementsOf(stored);
    }

    /**
     * The race itself, made certain: a transaction appends an event and stays open while other events commit and
     * are read past; when it commits, its event still comes, after them.
     */
    @Test
    void anEventCommittedAfterTheReaderPassedLaterOnesIsStillDelivered() throws Exception {
        Map<String, String> keys = provision("slow");
        RestClient writer = client(keys.get("tenant"));
        RestClient reader = client(keys.get("datamart"));
        Object slowTask = writer.post().uri("/tasks").body(Map.of("captureId", "slow")).retrieve().body(Map.class)
                .get("id");
        long cursor = drain(reader, 0);

        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            try (Statement s = slow.createStatement()) {
                s.executeUpdate("UPDATE task SET version = version + 1 WHERE task_id = " + slowTask);
                s.executeUpdate("""
                        INSERT INTO task_event (tenant_id, task_id, capture_id, task_version, type, status,
                            occurred_at)
                        SELECT tenant_id, task_id, capture_id, version, 'Updated', status, now()
                        FROM task WHERE task_id = %s""".formatted(slowTask));
            }
            for (int i = 0; i < 5; i++) {
                writer.post().uri("/tasks").body(Map.of("captureId", "fast" + i)).retrieve().toBodilessEntity();
            }
            cursor = waitForEvents(reader, cursor, 5);
            slow.commit();
        }
        Map<?, ?> page = waitForPage(reader, cursor);
        List<?> events = (List<?>) page.get("events");
        assertThat(events).hasSize(1);
        Map<?, ?> late = (Map<?, ?>) events.getFirst();
        assertThat(late.get("type")).isEqualTo("Updated");
        assertThat(((Number) late.get("id")).longValue()).isGreaterThan(cursor);
    }

    private void writeTasks(RestClient api, int writerId) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int t = 0; t < TASKS_PER_WRITER; t++) {
            Map<?, ?> task = api.post().uri("/tasks").body(Map.of("captureId", "w" + writerId + "-" + t,
                    "processId", "p", "queueId", "q" + random.nextInt(3))).retrieve().body(Map.class);
            Object id = task.get("id");
            for (int step = 0; step < 6; step++) {
                String action = ACTIONS[random.nextInt(ACTIONS.length)];
                Map<String, Object> body = switch (action) {
                    case "assign" -> Map.of("agentId", "a" + random.nextInt(5));
                    case "transfer" -> random.nextBoolean() ? Map.of("queueId", "q" + random.nextInt(3))
                            : Map.of("agentId", "a" + random.nextInt(5));
                    default -> Map.of();
                };
                // Illegal moves answer 409 and append nothing; the walk goes on.
                api.post().uri("/tasks/{id}/{action}", id, action).body(body).retrieve().toBodilessEntity();
            }
        }
    }

    private List<Long> readUntilQuiet(RestClient reader, AtomicBoolean writing) throws InterruptedException {
        List<Long> seen = new ArrayList<>();
        long cursor = 0;
        int emptyAfterWriters = 0;
        while (emptyAfterWriters < 10) {
            boolean done = !writing.get();
            Map<?, ?> page = reader.get().uri("/reporting/events?after={a}&limit=37", cursor).retrieve()
                    .body(Map.class);
            List<?> events = (List<?>) page.get("events");
            for (Object e : events) {
                seen.add(((Number) ((Map<?, ?>) e).get("id")).longValue());
            }
            cursor = ((Number) page.get("next")).longValue();
            if (done && events.isEmpty()) {
                emptyAfterWriters++;
                Thread.sleep(60);
            }
            else {
                emptyAfterWriters = 0;
            }
        }
        return seen;
    }

    private long drain(RestClient reader, long cursor) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Map<?, ?> page = reader.get().uri("/reporting/events?after={a}", cursor).retrieve().body(Map.class);
            long next = ((Number) page.get("next")).longValue();
            if (next == cursor && cursor > 0) {
                return cursor;
            }
            cursor = next;
            Thread.sleep(50);
        }
        return cursor;
    }

    private long waitForEvents(RestClient reader, long cursor, int count) throws InterruptedException {
        int got = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (got < count && System.nanoTime() < deadline) {
            Map<?, ?> page = reader.get().uri("/reporting/events?after={a}", cursor).retrieve().body(Map.class);
            got += ((List<?>) page.get("events")).size();
            cursor = ((Number) page.get("next")).longValue();
            Thread.sleep(20);
        }
        assertThat(got).isEqualTo(count);
        return cursor;
    }

    private Map<?, ?> waitForPage(RestClient reader, long cursor) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<?, ?> page;
        do {
            Thread.sleep(20);
            page = reader.get().uri("/reporting/events?after={a}", cursor).retrieve().body(Map.class);
        }
        while (((List<?>) page.get("events")).isEmpty() && System.nanoTime() < deadline);
        return page;
    }
}
