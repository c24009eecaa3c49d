package org.openiwd.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.client.RestClient;

/** Prometheus scrapes the management port without a key, and finds the API's own meters there. */
class MetricsEndpointTest extends ApiIntegrationTest {

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void committedTaskEventsFeedReadsAndLatencyHistogramsAreExported() {
        Map<String, String> keys = provision("metrics");
        RestClient tenant = client(keys.get("tenant"));
        tenant.post().uri("/tasks").body(Map.of("captureId", "m1")).retrieve().toBodilessEntity();
        tenant.get().uri("/tasks/1").retrieve().toBodilessEntity();
        tenant.post().uri("/departments").body(Map.of("id", "d1", "name", "One")).retrieve().toBodilessEntity();
        tenant.post().uri("/departments").body(Map.of("id", "d2", "name", "Two")).retrieve().toBodilessEntity();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                SELECT (SELECT count(*) FROM task_event_pending)
                    + (SELECT count(*) FROM config_event WHERE feed_id IS NULL)""").query(Long.class).single() == 0);
        RestClient datamart = client(keys.get("datamart"));
        datamart.get().uri("/reporting/events").retrieve().toBodilessEntity();
        List<?> configEvents = (List<?>) datamart.get().uri("/reporting/config-events").retrieve().body(Map.class)
                .get("events");
        assertThat(configEvents).hasSize(2);
        datamart.get().uri("/reporting/config-events?after={first}", ((Map<?, ?>) configEvents.getFirst()).get("id"))
                .retrieve().toBodilessEntity();

        String scrape = RestClient.create("http://127.0.0.1:" + managementPort).get().uri("/actuator/prometheus")
                .header("Accept", "text/plain").retrieve().body(String.class);
        assertThat(scrape)
                .contains("iwd_task_events_total{application=\"iwd-api\",tenant=\"metrics\",type=\"Created\"} 1.0")
                .containsPattern("iwd_feed_events_served_total\\{application=\"iwd-api\",tenant=\"metrics\"} 1\\.0")
                .contains("iwd_feed_sequenced_total{application=\"iwd-api\",feed=\"task\"}")
                .contains("http_server_requests_seconds_bucket{")
                .containsPattern("iwd_cache_lookups_total\\{application=\"iwd-api\",cache=\"api-keys\","
                        + "source=\"local\"} [1-9]")
                .as("config events served: 2 on the first page, 1 after the first")
                .containsPattern(
                        "iwd_feed_config_events_served_total\\{application=\"iwd-api\",tenant=\"metrics\"} 3\\.0");
    }
}
