package org.openiwd.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.web.client.RestClient;

/**
 * The sequencer vacuums the queue of events waiting for a position while it drains it (at most once per
 * {@code iwd.api.queue-vacuum-interval}, 1 s), instead of leaving its dead rows to autovacuum, and every event still
 * gets its position.
 */
class FeedQueueVacuumTest extends ApiIntegrationTest {

    @Test
    void theSequencerVacuumsTheQueueItDrains() throws InterruptedException {
        RestClient writer = client(provision("vacuum").get("tenant"));
        long before = manualVacuums("task_event_pending");
        int created = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (manualVacuums("task_event_pending") == before && System.nanoTime() < deadline) {
            writer.post().uri("/tasks").body(Map.of("captureId", "v" + created++)).retrieve().toBodilessEntity();
            Thread.sleep(100);
        }
        assertThat(manualVacuums("task_event_pending")).as("VACUUMs of the queue (not autovacuum's)")
                .isGreaterThan(before);
        awaitAllPositioned("vacuum", created);
    }

    private void awaitAllPositioned(String tenant, int events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long positioned;
        do {
            Thread.sleep(50);
            positioned = jdbc.sql("""
                    SELECT count(p.feed_id) FROM task_event e LEFT JOIN task_event_position p USING (event_id)
                    WHERE e.tenant_id = ?""").param(tenant).query(Long.class).single();
        }
        while (positioned < events && System.nanoTime() < deadline);
        assertThat(positioned).as("every event positioned").isEqualTo(events);
        assertThat(jdbc.sql("SELECT count(*) FROM task_event WHERE tenant_id = ?").param(tenant).query(Long.class)
                .single()).isEqualTo(events);
    }
}
