package org.openiwd.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * A key that asks faster than its rate gets 429 with Retry-After, as a problem, each refusal counted in
 * {@code iwd.rate.limited{tenant}}; another key is not affected.
 */
@TestPropertySource(properties = "iwd.api.redis.requests-per-second-per-key=3")
class RateLimitTest extends ApiIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void requestsBeyondTheKeysRateAre429WithRetryAfterAndCounted() {
        String tenantId = "rate-" + System.nanoTime() % 1_000_000;
        Map<String, String> keys = provision(tenantId);
        RestClient busy = client(keys.get("tenant"));
        ResponseEntity<Map> refused = null;
        int refusals = 0;
        for (int i = 0; i < 30; i++) {
            ResponseEntity<Map> response = busy.get().uri("/tasks/1").retrieve().toEntity(Map.class);
            if (response.getStatusCode().value() == 429) {
                refused = response;
                refusals++;
            }
        }
        assertThat(refused).as("30 requests at once exceed 3 per second").isNotNull();
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:rate-limited");
        // Counted before the 429 is written, so every refusal the client has seen is in the meter.
        Counter limited = meters.find("iwd.rate.limited").tag("tenant", tenantId).counter();
        assertThat(limited).as("iwd.rate.limited{tenant=%s}", tenantId).isNotNull();
        assertThat(limited.count()).as("one count per 429").isEqualTo(refusals);
        assertThat(client(keys.get("datamart")).get().uri("/reporting/events").retrieve().toBodilessEntity()
                .getStatusCode().value()).as("another key has its own budget").isEqualTo(200);
        assertThat(limited.count()).isEqualTo(refusals);
    }
}
