package org.openiwd.api.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The sequencer vacuums the queue of events waiting for a position while it drains it, instead of leaving its dead
 * rows to autovacuum, and every event still gets its position.
 */
@TestPropertySource(properties = "iwd.api.feed.queue-vacuum-interval=50ms")
class PendingQueueVacuumTest extends ApiIntegrationTest {

    @Test
    void theSequencerVacuumsTheQueueItDrains() {
        RestClient writer = client(provision("vacuum").get("tenant"));
        long before = vacuums();
        for (int i = 0; i < 20; i++) {
            writer.post().uri("/tasks").body(Map.of("captureId", "v" + i)).retrieve().toBodilessEntity();
            sleep(Duration.ofMillis(20));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(vacuums()).isGreaterThan(before));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql("""
                SELECT count(*) FROM task_event e LEFT JOIN task_event_position p USING (event_id)
                WHERE e.tenant_id = 'vacuum' AND p.feed_id IS NULL""").query(Long.class).single()).isZero());
        assertThat(jdbc.sql("SELECT count(*) FROM task_event WHERE tenant_id = 'vacuum'").query(Long.class)
                .single()).isEqualTo(20);
    }

    private long vacuums() {
        return jdbc.sql("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'task_event_pending'")
                .query(Long.class).single();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
