package org.openiwd.etl.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openiwd.etl.EtlProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed client's transport against a local HTTP server that plays the IWD API's failures, which the real API
 * cannot be made to show on demand: a 5xx is retried, a 4xx is not, a connection that falls silent in the middle of
 * a page times out and the page is read again, a gzip page is inflated, and consecutive pages share one kept-alive
 * connection. The feed's contents and the API itself are proven against the real API elsewhere (the intraday
 * tests); this is the HTTP behaviour around them.
 */
class IwdApiClientTest {

    private static final String EVENT = """
            {"id":%d,"taskId":3,"captureId":"c","taskVersion":1,"type":"Created","status":"New",
             "occurredAt":"2026-03-02T09:00:00Z","attributes":{},"workTimeSec":0,"heldTimeSec":0}""";

    private static final String TENANT = """
            {"id":"t","name":"T","timeZone":"UTC","role":"datamart","cluster":true}""";

    private HttpServer server;
    /** The answers' threads: a stalled answer blocks one while the retry is answered on another. */
    private final ExecutorService answering = Executors.newCachedThreadPool();
    /** Holds a stalled answer's connection open, and silent, until the test ends. */
    private final CountDownLatch endOfTest = new CountDownLatch(1);
    private final List<IwdApiClient> clients = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final Map<String, String> acceptEncodings = new ConcurrentHashMap<>();

    /** What the feed endpoint does on its n-th call (1-based). */
    private interface FeedAnswer {
        void answer(HttpExchange exchange, int call) throws IOException, InterruptedException;
    }

    private volatile FeedAnswer feed;
    private final AtomicInteger feedCalls = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(answering);
        server.createContext("/iwd/v3/tenant", exchange -> {
            record(exchange);
            send(exchange, 200, TENANT.getBytes(StandardCharsets.UTF_8), false);
        });
        server.createContext("/iwd/v3/reporting/events", exchange -> {
            record(exchange);
            try {
                feed.answer(exchange, feedCalls.incrementAndGet());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        endOfTest.countDown();
        server.stop(0);
        answering.shutdownNow();
        clients.forEach(IwdApiClient::close);
    }

    @Test
    void aServerErrorIsRetriedAndThePageReadOnTheNextAttempt() {
        feed = (exchange, call) -> {
            if (call == 1) {
                send(exchange, 503, "{\"title\":\"Service Unavailable\"}".getBytes(StandardCharsets.UTF_8), false);
            }
            else {
                send(exchange, 200, page(1, 2), false);
            }
        };
        FeedPage page = client(Map.of()).taskEvents("t", 0, 10);
        assertThat(page.events()).extracting(FeedEvent::id).containsExactly(1L, 2L);
        assertThat(page.next()).isEqualTo(2);
        assertThat(feedCalls).hasValue(2);
    }

    @Test
    void aRefusalFailsAtOnceWithTheApisProblem() {
        feed = (exchange, call) -> send(exchange, 401,
                "{\"type\":\"https://iwd.example/problems/unauthorized\",\"status\":401}"
                        .getBytes(StandardCharsets.UTF_8), false);
        IwdApiClient client = client(Map.of());
        assertThatThrownBy(() -> client.taskEvents("t", 0, 10))
                .isInstanceOfSatisfying(IwdApiClient.ApiRefusedException.class,
                        e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("problems/unauthorized");
        assertThat(feedCalls).as("a 4xx is not retried").hasValue(1);
    }

    /** The JDK client's request timeout ends only the wait for headers: this answer's body would never end. */
    @Test
    @Timeout(60)
    void aConnectionThatFallsSilentInThePageTimesOutAndThePageIsReadAgain() {
        byte[] whole = page(1, 2, 3);
        feed = (exchange, call) -> {
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            if (call == 1) {
                body.write(whole, 0, whole.length / 2);
                body.flush();
                endOfTest.await();
                return;
            }
            body.write(whole);
        };
        // Also the wait for the headers: long enough for a busy machine to answer the retry in time.
        FeedPage page = client(Map.of("read-timeout", "1s")).taskEvents("t", 0, 10);
        assertThat(page.events()).extracting(FeedEvent::id).containsExactly(1L, 2L, 3L);
        assertThat(feedCalls).hasValue(2);
    }

    @Test
    void aGzipPageIsAskedForAndInflated() {
        feed = (exchange, call) -> send(exchange, 200, page(5), true);
        FeedPage page = client(Map.of("gzip", "true")).taskEvents("t", 4, 10);
        assertThat(page.events()).extracting(FeedEvent::id).containsExactly(5L);
        assertThat(acceptEncodings.get("/iwd/v3/reporting/events")).isEqualTo("gzip");
    }

    @Test
    void consecutivePagesShareOneKeptAliveConnection() {
        feed = (exchange, call) -> send(exchange, 200, page(call), false);
        IwdApiClient client = client(Map.of());
        for (long after = 0; after < 5; after++) {
            assertThat(client.taskEvents("t", after, 1).events()).extracting(FeedEvent::id)
                    .containsExactly(after + 1);
        }
        assertThat(requests).hasSize(6);
        assertThat(clientPorts).as("the client's ports over the key check and five pages").hasSize(1);
    }

    private IwdApiClient client(Map<String, String> api) {
        Map<String, String> properties = new java.util.HashMap<>();
        properties.put("iwd.etl.api.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/iwd/v3");
        properties.put("iwd.etl.api.datamart-api-key", "k");
        properties.put("iwd.etl.api.initial-backoff", "10ms");
        api.forEach((name, value) -> properties.put("iwd.etl.api." + name, value));
        EtlProperties settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("iwd.etl", EtlProperties.class);
        IwdApiClient client = new IwdApiClient(settings, JsonMapper.builder().build());
        clients.add(client);
        return client;
    }

    private void record(HttpExchange exchange) {
        requests.add(exchange.getRequestURI().toString());
        clientPorts.add(exchange.getRemoteAddress().getPort());
        String encoding = exchange.getRequestHeaders().getFirst("accept-encoding");
        if (encoding != null) {
            acceptEncodings.put(exchange.getRequestURI().getPath(), encoding);
        }
    }

    private static byte[] page(long... ids) {
        StringBuilder json = new StringBuilder("{\"events\":[");
        for (int i = 0; i < ids.length; i++) {
            json.append(i == 0 ? "" : ",").append(EVENT.formatted(ids[i]));
        }
        json.append("],\"next\":").append(ids.length == 0 ? 0 : ids[ids.length - 1]).append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, boolean gzip) throws IOException {
        byte[] bytes = body;
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(body);
            }
            bytes = zipped.toByteArray();
            exchange.getResponseHeaders().set("content-encoding", "gzip");
        }
        exchange.getResponseHeaders().set("content-type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
