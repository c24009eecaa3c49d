package org.openiwd.api.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Thirty identical submissions of one message at the same moment (replicas whose leases overlapped, retries) make
 * one item and one task with its Created and Queued events; every caller gets that item and task.
 */
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=12")
class ConcurrentSubmitTest extends ApiIntegrationTest {

    @Test
    void thirtyConcurrentIdenticalSubmissionsMakeOneItemAndOneTask() throws Exception {
        Map<String, String> keys = provision("email-race");
        RestClient tenant = client(keys.get("tenant"));
        RestClient email = client(keys.get("email"));
        configureProcesses(tenant, "p");
        EmailFixtures.mailbox(tenant, "support", true, Map.of("autoAcknowledge", true,
                "routing", Map.of("processId", "p")));
        Map<String, Object> message = EmailFixtures.message("support", "<race@example.org>", "Race");

        ExecutorService pool = Executors.newFixedThreadPool(30);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<Map>>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(pool.submit(() -> {
                start.await();
                return email.post().uri("/emails").body(message).retrieve().toEntity(Map.class);
            }));
        }
        start.countDown();
        int created = 0;
        List<Object> tasks = new ArrayList<>();
        for (Future<ResponseEntity<Map>> call : calls) {
            ResponseEntity<Map> response = call.get();
            assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isIn(200, 201);
            created += response.getStatusCode().value() == 201 ? 1 : 0;
            tasks.add(response.getBody().get("taskId"));
        }
        pool.shutdown();
        assertThat(created).isOne();
        assertThat(tasks).doesNotContainNull().containsOnly(tasks.getFirst());
        assertThat(count("SELECT count(*) FROM email_item WHERE tenant_id = 'email-race'")).isOne();
        assertThat(count("SELECT count(*) FROM task WHERE tenant_id = 'email-race'")).isOne();
        assertThat(jdbc.sql("SELECT type FROM task_event WHERE tenant_id = 'email-race' ORDER BY event_id")
                .query(String.class).list()).containsExactly("Created", "Queued");
        assertThat(count("SELECT count(*) FROM outbound_email WHERE tenant_id = 'email-race'"))
                .as("one acknowledgement").isOne();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
