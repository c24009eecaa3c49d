package org.openiwd.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

/** The replay stays within the API's per-key rate limit instead of failing on its first 429. */
class DemoDayTest {

    @Test
    void aRequestRefusedByTheRateLimitIsSentAgainAfterItsRetryAfter() {
        AtomicInteger attempts = new AtomicInteger();
        long started = System.nanoTime();

        String answer = DemoDay.withinRateLimit(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw tooManyRequests();
            }
            return "created";
        });

        assertThat(answer).isEqualTo("created");
        assertThat(attempts).hasValue(2);
        assertThat(System.nanoTime() - started).as("waited the Retry-After second")
                .isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void anyOtherErrorStillStopsTheReplay() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> DemoDay.withinRateLimit(() -> {
            attempts.incrementAndGet();
            throw HttpClientErrorException.create(HttpStatus.CONFLICT, "Conflict", HttpHeaders.EMPTY, new byte[0],
                    StandardCharsets.UTF_8);
        })).isInstanceOf(HttpClientErrorException.Conflict.class);
        assertThat(attempts).hasValue(1);
    }

    private static HttpClientErrorException tooManyRequests() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return HttpClientErrorException.create(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", headers,
                new byte[0], StandardCharsets.UTF_8);
    }
}
