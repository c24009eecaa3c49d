package org.openiwd.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.search.SearchTestSupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The API's whole Prometheus scrape, after traffic that makes every meter the API registers in normal work (tasks
 * created and moved, both feeds and their heads read, searches, an index rebuild and the indexer on the real
 * Elasticsearch, API key cache lookups, 429s from a low rate limit), passes {@code promtool check metrics}. The
 * failure-only counters ({@code iwd_redis_failures_total}, {@code iwd_search_indexer_failures_total},
 * {@code iwd_search_index_rejected_total}) are plain counters like those here; the outage tests drive them.
 */
@Import(SearchTestSupport.DeleteIndicesAtClose.class)
@TestPropertySource(properties = "iwd.api.redis.requests-per-second-per-key=10")
class PrometheusScrapeTest extends ApiIntegrationTest {

    @Value("${local.management.port}")
    int managementPort;

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) {
        SearchTestSupport.useElasticsearch(registry, SearchTestSupport.SHARED_URL);
    }

    @Test
    void theScrapeAfterTrafficOnEveryMeterHasNoPromtoolParseErrors() throws Exception {
        RestClient admin = client(ADMIN_KEY);
        Map<String, String> keys = provision("scrape");
        RestClient tenant = client(keys.get("tenant"));
        RestClient datamart = client(keys.get("datamart"));
        send(() -> tenant.post().uri("/departments").body(Map.of("id", "d", "name", "Department")));
        send(() -> tenant.post().uri("/processes").body(Map.of("id", "p", "name", "Process", "parentId", "d")));
        long[] ids = new long[3];
        for (int i = 0; i < ids.length; i++) {
            Map<String, Object> task = Map.of("captureId", "s" + i, "processId", "p", "queueId", "q");
            ids[i] = ((Number) send(() -> tenant.post().uri("/tasks").body(task)).getBody().get("id")).longValue();
        }
        action(tenant, ids[0], "assign", Map.of("agentId", "a1"));
        action(tenant, ids[0], "complete", Map.of("resultCode", "done"));
        action(tenant, ids[1], "hold", Map.of("reason", "wait"));
        action(tenant, ids[1], "resume", Map.of());
        action(tenant, ids[2], "cancel", Map.of());
        send(() -> tenant.get().uri("/tasks/{id}", ids[0]));
        send(() -> tenant.get().uri("/tasks?status=Queued"));
        send(() -> admin.post().uri("/provisioning/scrape/search-index/rebuild"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                rows("search_outbox") == 0 && rows("task_event_pending") == 0
                        && rows("config_event WHERE feed_id IS NULL") == 0);
        send(() -> datamart.get().uri("/reporting/events"));
        send(() -> datamart.get().uri("/reporting/config-events"));
        send(() -> datamart.get().uri("/reporting/events/head"));
        send(() -> datamart.get().uri("/reporting/config-events/head"));
        int refused = 0;
        // Back to back, requests exceed 10 in some second however slow the machine; stop at the first refusal.
        for (int i = 0; i < 1000 && refused == 0; i++) {
            if (datamart.get().uri("/reporting/events/head").retrieve().toBodilessEntity().getStatusCode()
                    .value() == 429) {
                refused++;
            }
        }
        assertThat(refused).as("requests back to back exceed 10 per second").isPositive();

        String scrape = RestClient.create("http://127.0.0.1:" + managementPort).get().uri("/actuator/prometheus")
                .header("Accept", "text/plain").retrieve().body(String.class);

        String app = "application=\"iwd-api\"";
        assertThat(scrape)
                .contains("iwd_task_events_total{" + app + ",tenant=\"scrape\",type=\"Completed\"} 1.0")
                .contains("iwd_task_events_total{" + app + ",tenant=\"scrape\",type=\"Canceled\"} 1.0")
                .contains("iwd_feed_events_served_total{" + app + ",tenant=\"scrape\"}")
                .contains("iwd_feed_config_events_served_total{" + app + ",tenant=\"scrape\"} 2.0")
                .contains("iwd_feed_sequenced_total{" + app + ",feed=\"task\"}")
                .contains("iwd_feed_sequenced_total{" + app + ",feed=\"config\"}")
                .contains("iwd_tasks_insert_batch_tasks_count{" + app + "}")
                .contains("iwd_redis_available{" + app + "} 1.0")
                // The exact count is RateLimitTest's; here the traffic before the burst may have met the limit too.
                .containsPattern("iwd_rate_limited_total\\{" + app + ",tenant=\"scrape\"} [1-9]")
                .contains("iwd_search_outbox_backlog{" + app + "}")
                .contains("iwd_search_index_lag_seconds{" + app + "}")
                .contains("iwd_search_requests_total{" + app + ",backend=")
                .contains("iwd_search_indexed_total{" + app + "}")
                .as("provisioning builds the tenant's index, the rebuild another")
                .contains("iwd_search_index_builds_total{" + app + ",tenant=\"scrape\"} 2.0")
                .as("")
                .containsPattern("iwd_cache_lookups_total\\{" + app + ",cache=\"api-keys\",source=\"\\w+\"} [1-9]")
                .contains("http_server_requests_seconds_bucket{");

        List<String> lint = Promtool.checkMetrics(scrape);
        // Every meter of ours has a description and a conventional name; the JVM's, Tomcat's and Spring's meters
        // are not ours to fix.
        assertThat(lint).as("no lint on the API's own meters").noneMatch(line -> line.startsWith("iwd_"));
    }

    /** The rows of {@code from} (a table, perhaps with a condition). */
    private long rows(String from) {
        return jdbc.sql("SELECT count(*) FROM " + from).query(Long.class).single();
    }

    private static void action(RestClient tenant, long id, String action, Map<String, Object> body) {
        send(() -> tenant.post().uri("/tasks/{id}/{action}", id, action).body(body));
    }

    /**
     * Sends a request until it is not refused by the rate limit (the test's own burst of 429s must not fail its
     * traffic), and checks it succeeded.
     */
    @SuppressWarnings("rawtypes")
    private static ResponseEntity<Map> send(Supplier<RestClient.RequestHeadersSpec<?>> request) {
        for (int attempt = 0; ; attempt++) {
            ResponseEntity<Map> response = request.get().retrieve().toEntity(Map.class);
            if (response.getStatusCode().value() != 429 || attempt == 5) {
                assertThat(response.getStatusCode().is2xxSuccessful()).as(response.toString()).isTrue();
                return response;
            }
            try {
                Thread.sleep(1100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
