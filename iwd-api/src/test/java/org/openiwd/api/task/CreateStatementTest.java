package org.openiwd.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * A create outside any transaction is one statement that commits on its own (TaskService#create): the task and
 * its events commit together, and what used to follow the transaction's commit (the sequencer's nudge, the event
 * counters) follows the statement. The sequencer's timer is an hour here, so only the nudge can position events.
 */
@TestPropertySource(properties = {"iwd.api.feed.sequencer-interval=1h", "iwd.api.feed.sequencer-min-gap=0"})
class CreateStatementTest extends ApiIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void theTaskAndItsEventsCommitInOneTransaction() {
        RestClient tenant = client(provision("one-statement").get("tenant"));
        configureProcesses(tenant, "p");

        long id = createdTaskId(tenant, "c-1");

        List<Boolean> sameTransaction = jdbc.sql("""
                SELECT e.xmin::text = t.xmin::text FROM task_event e JOIN task t USING (task_id)
                WHERE t.task_id = ?""").param(id).query(Boolean.class).list();
        assertThat(sameTransaction).containsExactly(true, true);
    }

    @Test
    void theCreateNudgesTheSequencerAfterItsStatement() throws InterruptedException {
        RestClient tenant = client(provision("nudged").get("tenant"));
        configureProcesses(tenant, "p");

        long id = createdTaskId(tenant, "c-1");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long positioned;
        do {
            Thread.sleep(20);
            positioned = jdbc.sql("""
                    SELECT count(*) FROM task_event e JOIN task_event_position p USING (event_id)
                    WHERE e.task_id = ?""").param(id).query(Long.class).single();
        }
        while (positioned < 2 && System.nanoTime() < deadline);
        assertThat(positioned).isEqualTo(2);
    }

    @Test
    void theCreateCountsItsEventsOnceAndARepeatCountsNone() {
        RestClient tenant = client(provision("counted").get("tenant"));
        configureProcesses(tenant, "p");

        createdTaskId(tenant, "c-1");
        assertThat(tenant.post().uri("/tasks").body(Map.of("captureId", "c-1", "capturePointId", "crm",
                "processId", "p")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(200);

        assertThat(count("counted", "Created")).isEqualTo(1.0);
        assertThat(count("counted", "Queued")).isEqualTo(1.0);
    }

    private long createdTaskId(RestClient tenant, String captureId) {
        var response = tenant.post().uri("/tasks").body(Map.of("captureId", captureId, "capturePointId", "crm",
                "processId", "p")).retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return ((Number) response.getBody().get("id")).longValue();
    }

    private double count(String tenantId, String type) {
        Counter counter = meters.find("iwd.task.events").tags("tenant", tenantId, "type", type).counter();
        return counter == null ? 0 : counter.count();
    }
}
