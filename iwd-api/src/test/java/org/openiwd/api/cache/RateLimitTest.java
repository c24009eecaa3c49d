package org.openiwd.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/** A key that asks faster than its rate gets 429 with Retry-After, as a problem; another key is not affected. */
@TestPropertySource(properties = "iwd.api.redis.requests-per-second-per-key=3")
class RateLimitTest extends ApiIntegrationTest {

    @Test
    void requestsBeyondTheKeysRateAre429WithRetryAfter() {
        Map<String, String> keys = provision("rate-" + System.nanoTime() % 1_000_000);
        RestClient busy = client(keys.get("tenant"));
        ResponseEntity<Map> refused = null;
        for (int i = 0; i < 30 && refused == null; i++) {
            ResponseEntity<Map> response = busy.get().uri("/tasks/1").retrieve().toEntity(Map.class);
            if (response.getStatusCode().value() == 429) {
                refused = response;
            }
        }
        assertThat(refused).as("30 requests at once exceed 3 per second").isNotNull();
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:rate-limited");
        assertThat(client(keys.get("datamart")).get().uri("/reporting/events").retrieve().toBodilessEntity()
                .getStatusCode().value()).as("another key has its own budget").isEqualTo(200);
    }
}
