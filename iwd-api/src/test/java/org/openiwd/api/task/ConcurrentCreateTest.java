package org.openiwd.api.task;

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

/** Fifty identical creates at the same moment make one task with one Created event; all fifty get that task. */
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=20")
class ConcurrentCreateTest extends ApiIntegrationTest {

    @Test
    void fiftyConcurrentIdenticalCreatesMakeOneTask() throws Exception {
        RestClient tenant = client(provision("race").get("tenant"));
        configureProcesses(tenant, "p");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<Map>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(pool.submit(() -> {
                start.await();
                return tenant.post().uri("/tasks").body(Map.of("captureId", "same", "capturePointId", "crm",
                        "processId", "p")).retrieve().toEntity(Map.class);
            }));
        }
        start.countDown();
        List<Object> ids = new ArrayList<>();
        int created = 0;
        for (Future<ResponseEntity<Map>> call : calls) {
            ResponseEntity<Map> response = call.get();
            assertThat(response.getStatusCode().value()).isIn(200, 201);
            created += response.getStatusCode().value() == 201 ? 1 : 0;
            ids.add(response.getBody().get("id"));
        }
        pool.shutdown();
        assertThat(created).isOne();
        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE tenant_id = 'race'").query(Long.class).single()).isOne();
        assertThat(jdbc.sql("SELECT type FROM task_event WHERE tenant_id = 'race' ORDER BY event_id")
                .query(String.class).list()).containsExactly("Created", "Queued");
    }
}
