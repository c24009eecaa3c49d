package org.openiwd.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Elasticsearch goes down for real (an instance of this test's own, stopped and started with
 * {@code scripts/elasticsearch.sh}): writes and tenant deletions still succeed, the outbox grows, PostgreSQL answers
 * searches and says so, health degrades without readiness going down; once Elasticsearch is back the index
 * converges to exactly the tasks and versions PostgreSQL holds, and the deleted tenant's index is gone.
 */
@Import(SearchTestSupport.DeleteIndicesAtClose.class)
class SearchOutageTest extends ApiIntegrationTest {

    private static ElasticsearchInstance elasticsearch;

    @Autowired
    TaskIndices indices;
    @Autowired
    TaskIndexNames names;
    @Autowired
    ElasticsearchClient es;
    @Autowired
    MeterRegistry meters;
    @Value("${local.management.port}")
    int managementPort;

    @BeforeAll
    static void startElasticsearch() throws IOException {
        // Fails rather than skips: a skipped outage test would let the suite pass without ever proving it, and every
        // machine that runs the suite has Elasticsearch (scripts/services.sh installs it for ./iwd test and CI).
        elasticsearch = ElasticsearchInstance.create();
        assertThat(elasticsearch).as("scripts/elasticsearch.sh, which runs this test's own Elasticsearch, is missing"
                + " from this checkout").isNotNull();
        ElasticsearchInstance.Result started = elasticsearch.start();
        assertThat(started.ok()).as(() -> "scripts/elasticsearch.sh could not start this test's own Elasticsearch"
                + " (run scripts/services.sh to install it); its output:\n" + started.output()).isTrue();
    }

    @AfterAll
    static void removeElasticsearch() throws IOException {
        if (elasticsearch != null) {
            elasticsearch.destroy();
        }
    }

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) {
        SearchTestSupport.useElasticsearch(registry, elasticsearch.url());
        registry.add("iwd.api.search.max-lag", () -> "2s");
    }

    @Test
    void writesSucceedDuringAnOutageAndTheIndexConvergesAfterIt() throws IOException {
        RestClient tenant = client(provision("steady").get("tenant"));
        RestClient leaving = client(provision("leaving").get("tenant"));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(create(tenant, "before-" + i, "Calm before"));
        }
        create(leaving, "l1", "Leaving soon");
        SearchTestSupport.awaitIndexed(jdbc, indices, "steady", "leaving");
        assertThat(search(tenant, "q=calm")).isEqualTo("elasticsearch");

        assertThat(elasticsearch.stop().ok()).isTrue();

        for (int i = 0; i < 20; i++) {
            ids.add(create(tenant, "during-" + i, "Storm during"));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(tenant.patch().uri("/tasks/{id}", ids.get(i)).body(Map.of("subject", "Storm patched"))
                    .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(200);
            assertThat(tenant.post().uri("/tasks/{id}/cancel", ids.get(10 + i)).body(Map.of("reason", "outage"))
                    .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(200);
        }
        assertThat(client(ADMIN_KEY).delete().uri("/provisioning/leaving").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(204);
        assertThat(outbox()).as("changes wait in the outbox").isGreaterThanOrEqualTo(30);
        assertThat(search(tenant, "q=storm&limit=200")).isEqualTo("postgres");
        assertThat(ids(tenant, "q=storm&limit=200")).hasSize(25);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(meters.get("iwd.search.outbox.backlog").gauge().value()).isGreaterThanOrEqualTo(30));
        RestClient management = RestClient.create("http://127.0.0.1:" + managementPort);
        ResponseEntity<Map> health = management.get().uri("/actuator/health").retrieve().toEntity(Map.class);
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        assertThat(health.getBody().get("status")).isEqualTo("DEGRADED");
        ResponseEntity<Map> readiness = management.get().uri("/actuator/health/readiness").retrieve()
                .toEntity(Map.class);
        assertThat(readiness.getStatusCode().value()).as("a replica stays in service").isEqualTo(200);
        assertThat(readiness.getBody().get("status")).isEqualTo("DEGRADED");
        assertThat(((Map<?, ?>) ((Map<?, ?>) readiness.getBody().get("components")).get("search")).get("status"))
                .isEqualTo("DEGRADED");

        assertThat(elasticsearch.start().ok()).isTrue();

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> outbox() == 0 && drops() == 0);
        indices.refresh("steady");
        assertThat(SearchTestSupport.indexedVersions(es, names.alias("steady")))
                .isEqualTo(SearchTestSupport.storedVersions(jdbc, "steady")).hasSize(30);
        assertThat(indices.indices("leaving")).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> search(tenant, "q=storm&limit=200").equals("elasticsearch"));
        assertThat(ids(tenant, "q=storm&limit=200")).hasSize(25);
        assertThat(management.get().uri("/actuator/health").retrieve().body(Map.class).get("status"))
                .isEqualTo("UP");
    }

    private long outbox() {
        return jdbc.sql("SELECT count(*) FROM search_outbox").query(Long.class).single();
    }

    private long drops() {
        return jdbc.sql("SELECT count(*) FROM search_index_drop").query(Long.class).single();
    }

    private static long create(RestClient tenant, String captureId, String subject) {
        ResponseEntity<Map> created = tenant.post().uri("/tasks").body(Map.of("captureId", captureId,
                "subject", subject)).retrieve().toEntity(Map.class);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        return ((Number) created.getBody().get("id")).longValue();
    }

    /** The backend that answered. */
    private static String search(RestClient tenant, String query) {
        ResponseEntity<Map> page = tenant.get().uri("/tasks?" + query).retrieve().toEntity(Map.class);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        return page.getHeaders().getFirst(SearchController.BACKEND_HEADER);
    }

    private static List<?> ids(RestClient tenant, String query) {
        return (List<?>) tenant.get().uri("/tasks?" + query).retrieve().body(Map.class).get("tasks");
    }
}
