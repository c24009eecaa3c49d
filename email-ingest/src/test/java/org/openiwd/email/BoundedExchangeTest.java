package org.openiwd.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deadline over a whole exchange, against a local HTTP server that can fall silent in the middle of a body
 * (what neither the IWD API nor a token endpoint can be made to do on demand).
 */
class BoundedExchangeTest {

    private static final byte[] ANSWER = "{\"tenants\":[{\"id\":\"100\"},{\"id\":\"200\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private final ExecutorService answering = Executors.newCachedThreadPool();
    /** Holds a stalled answer's connection open, and silent, until the test ends. */
    private final CountDownLatch endOfTest = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(answering);
        server.createContext("/whole", exchange -> {
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(ANSWER);
            }
        });
        server.createContext("/stalls", exchange -> {
            exchange.sendResponseHeaders(200, ANSWER.length);
            OutputStream body = exchange.getResponseBody();
            body.write(ANSWER, 0, ANSWER.length / 2);
            body.flush();
            try {
                endOfTest.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        endOfTest.countDown();
        server.stop(0);
        answering.shutdownNow();
        http.close();
    }

    @Test
    void aWholeAnswerWithinTheDeadlineIsReturned() throws Exception {
        HttpResponse<String> response = BoundedExchange.send(http, request("/whole"),
                HttpResponse.BodyHandlers.ofString(), Duration.ofSeconds(10));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(new String(ANSWER, StandardCharsets.UTF_8));
    }

    /** Headers come at once, so the request's own timeout is over; without the deadline this call never returns. */
    @Test
    @Timeout(60)
    void aBodyThatFallsSilentHalfWayEndsTheCallAtTheDeadline() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> BoundedExchange.send(http, request("/stalls"), HttpResponse.BodyHandlers.ofByteArray(),
                Duration.ofMillis(500)))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("/stalls").hasMessageContaining("PT0.5S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .timeout(Duration.ofMillis(500)).GET().build();
    }
}
