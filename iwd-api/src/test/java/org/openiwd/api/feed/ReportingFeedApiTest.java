package org.openiwd.api.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reporting feeds as a reader sees them through the real API: gzip on request, the heads, pages of the maximum
 * size over more events than one page holds, and a page written while it is read from the database.
 */
class ReportingFeedApiTest extends ApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The bulk tenant: tasks created through the API, events appended to each, 10,200 events in all. */
    private static final int BULK_TASKS = 50, REPRIORITIZED = 202, BULK_EVENTS = BULK_TASKS * (2 + REPRIORITIZED);

    private static Map<String, String> bulkKeys;

    @Test
    void aPageOfTheMaximumSizeServesTenThousandAndTheNextContinuesWithoutGapOrDuplicate() {
        RestClient datamart = client(bulkTenant().get("datamart"));
        List<Long> stored = jdbc.sql("SELECT feed_id FROM task_event_position WHERE tenant_id = 'bulk'"
                + " ORDER BY feed_id").query(Long.class).list();
        assertThat(stored).hasSize(BULK_EVENTS);

        JsonNode first = JSON.readTree(datamart.get().uri("/reporting/events?limit=10000").retrieve()
                .body(String.class));
        List<Long> firstIds = ids(first);
        assertThat(firstIds).hasSize(10_000);
        assertThat(first.get("next").asLong()).isEqualTo(firstIds.getLast());
        JsonNode second = JSON.readTree(datamart.get().uri("/reporting/events?after={next}&limit=10000",
                first.get("next").asLong()).retrieve().body(String.class));
        List<Long> secondIds = ids(second);
        assertThat(secondIds).hasSize(BULK_EVENTS - 10_000);
        assertThat(second.get("next").asLong()).isEqualTo(secondIds.getLast());

        List<Long> read = new ArrayList<>(firstIds);
        read.addAll(secondIds);
        assertThat(read).as("both pages: every stored event once, in order").containsExactlyElementsOf(stored);
        JsonNode third = JSON.readTree(datamart.get().uri("/reporting/events?after={next}&limit=10000",
                second.get("next").asLong()).retrieve().body(String.class));
        assertThat(third.get("events")).isEmpty();
        assertThat(third.get("next").asLong()).as("an empty page keeps the cursor").isEqualTo(secondIds.getLast());
    }

    @Test
    void aLimitAboveTheMaximumIsA400ProblemOnBothFeeds() {
        RestClient datamart = client(bulkTenant().get("datamart"));
        for (String feed : List.of("/reporting/events", "/reporting/config-events")) {
            ResponseEntity<Map> refused = datamart.get().uri(feed + "?limit=10001").retrieve().toEntity(Map.class);
            assertThat(refused.getStatusCode().value()).isEqualTo(400);
            assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:invalid-limit")
                    .containsEntry("status", 400);
            assertThat((String) refused.getBody().get("detail")).contains("10000");
        }
    }

    @Test
    void aGzipPageDecodesToThePlainPage() throws Exception {
        String key = bulkTenant().get("datamart");
        HttpResponse<byte[]> plain = get(key, "/reporting/events?limit=1000", false);
        HttpResponse<byte[]> gzip = get(key, "/reporting/events?limit=1000", true);

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzip.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        byte[] decoded = gunzip(gzip.body());
        assertThat(gzip.body().length).as("compressed").isLessThan(decoded.length / 4);
        assertThat(ids(JSON.readTree(decoded))).hasSize(1000);
        assertThat(decoded).as("the same page, byte for byte").isEqualTo(plain.body());
    }

    @Test
    void theHeadsGiveTheNewestPositionAndItsTimeAndAdvanceWithNewEvents() {
        Map<String, String> keys = provision("heads");
        RestClient tenant = client(keys.get("tenant"));
        RestClient importer = client((String) client(ADMIN_KEY).post().uri("/provisioning/heads/keys")
                .body(Map.of("role", "import")).retrieve().body(Map.class).get("key"));
        RestClient datamart = client(keys.get("datamart"));
        for (String head : List.of("/reporting/events/head", "/reporting/config-events/head")) {
            Map<?, ?> empty = datamart.get().uri(head).retrieve().body(Map.class);
            assertThat(((Number) empty.get("id")).longValue()).as(head + " of an empty feed").isZero();
            assertThat(empty.get("occurredAt")).as(head + " of an empty feed").isNull();
        }

        Map<?, ?> task = importer.post().uri("/tasks").body(Map.of("captureId", "h1",
                "occurredAt", "2026-03-02T09:00:00Z")).retrieve().body(Map.class);
        Map<?, ?> head = awaitHead(datamart, "/reporting/events/head", 0);
        assertThat(head.get("occurredAt")).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(((Number) head.get("id")).longValue()).isEqualTo(lastId(datamart, "/reporting/events"));

        importer.post().uri("/tasks/{id}/cancel", task.get("id")).body(Map.of("occurredAt", "2026-03-02T09:30:00Z"))
                .retrieve().toBodilessEntity();
        Map<?, ?> advanced = awaitHead(datamart, "/reporting/events/head", ((Number) head.get("id")).longValue());
        assertThat(advanced.get("occurredAt")).isEqualTo("2026-03-02T09:30:00Z");
        assertThat(((Number) advanced.get("id")).longValue()).isEqualTo(lastId(datamart, "/reporting/events"));

        tenant.post().uri("/departments").body(Map.of("id", "d1", "name", "One")).retrieve().toBodilessEntity();
        Map<?, ?> configHead = awaitHead(datamart, "/reporting/config-events/head", 0);
        Map<?, ?> configEvent = lastEvent(datamart, "/reporting/config-events");
        assertThat(configHead.get("id")).isEqualTo(configEvent.get("id"));
        assertThat(configHead.get("occurredAt")).isEqualTo(configEvent.get("occurredAt")).isNotNull();

        tenant.post().uri("/departments").body(Map.of("id", "d2", "name", "Two")).retrieve().toBodilessEntity();
        Map<?, ?> configAdvanced = awaitHead(datamart, "/reporting/config-events/head",
                ((Number) configHead.get("id")).longValue());
        Map<?, ?> newest = lastEvent(datamart, "/reporting/config-events");
        assertThat(newest.get("objectId")).isEqualTo("d2");
        assertThat(configAdvanced.get("id")).isEqualTo(newest.get("id"));
        assertThat(configAdvanced.get("occurredAt")).isEqualTo(newest.get("occurredAt"));
    }

    /**
     * Bounded server memory, observed from outside: a reader takes the first 2 KB of a full page of configuration
     * events (about 20 MB) and stops reading. The API is then still reading the page from its database cursor (its
     * connection idle in the page's transaction, waiting to write more), which a page built in memory before
     * being written cannot show; when the reader hangs up, the transaction ends.
     */
    @Test
    void aStalledReaderOfAFullConfigPageFindsTheServerStillOnTheCursorNotHoldingThePage() throws Exception {
        Map<String, String> keys = tenantWithAFullConfigPage("stall");

        try (Socket reader = new Socket()) {
            // A small window, so the server, not the client's socket, holds what is not read yet.
            reader.setReceiveBufferSize(4096);
            reader.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            reader.getOutputStream().write(("GET /iwd/v3/reporting/config-events?limit=10000 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nx-api-key: " + keys.get("datamart") + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String start = new String(reader.getInputStream().readNBytes(2048), StandardCharsets.ISO_8859_1);
            assertThat(start).startsWith("HTTP/1.1 200").contains("{\"events\":[{\"id\":");

            Awaitility.await("the API still reads the page from its cursor while the reader stalls")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> configPagesInProgress() == 1);
        }
        Awaitility.await("the page's transaction ends when the reader hangs up")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> configPagesInProgress() == 0);
    }

    /**
     * The database fails in the middle of a page (its connection terminated while the reader is slow): the reader
     * gets a broken answer, never a shorter page that parses as whole and would be taken for one.
     */
    @Test
    void aPageWhoseDatabaseReadFailsHalfWayIsNeverClosedIntoValidJson() throws Exception {
        Map<String, String> keys = tenantWithAFullConfigPage("broken");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/iwd/v3/reporting/config-events?limit=10000")).header("x-api-key", keys.get("datamart")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            byte[] start = body.readNBytes(2048);
            Awaitility.await("the API is between two fetches of the page").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> configPagesInProgress() == 1);
            assertThat(jdbc.sql("""
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = current_database() AND state = 'idle in transaction'
                        AND query LIKE '%FROM config_event%ORDER BY feed_id LIMIT%'""").query(Long.class).single())
                    .isEqualTo(1);
            byte[] rest;
            try {
                rest = body.readAllBytes();
            }
            catch (IOException e) {
                return; // the answer broke off: the reader knows the page is not whole
            }
            byte[] whole = new byte[start.length + rest.length];
            System.arraycopy(start, 0, whole, 0, start.length);
            System.arraycopy(rest, 0, whole, start.length, rest.length);
            assertThatThrownBy(() -> JsonMapper.builder().build().readTree(whole))
                    .as("what was sent does not parse as a page").isInstanceOf(tools.jackson.core.JacksonException.class);
        }
    }

    /** A new tenant with 10,000 positioned configuration events of about 2 kB each: a full page of some 20 MB. */
    private Map<String, String> tenantWithAFullConfigPage(String tenantId) {
        Map<String, String> keys = provision(tenantId);
        jdbc.sql("""
                INSERT INTO config_event (tenant_id, kind, object_id, version, operation, object)
                SELECT ?, 'department', 'd' || g, 1, 'created',
                    jsonb_build_object('id', 'd' || g, 'name', 'Department ' || g, 'description', repeat('x', 2000))
                FROM generate_series(1, 10000) g ORDER BY g""").param(tenantId).update();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "SELECT count(*) FROM config_event WHERE tenant_id = ? AND feed_id IS NULL")
                .param(tenantId).query(Long.class).single() == 0);
        return keys;
    }

    /** Connections of this test's database inside a config-events page's transaction, between two fetches. */
    private long configPagesInProgress() {
        return jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'idle in transaction'
                    AND query LIKE '%FROM config_event%ORDER BY feed_id LIMIT%'""").query(Long.class).single();
    }

    /**
     * The bulk tenant's keys, its {@link #BULK_EVENTS} events positioned by the real sequencer, made once for the
     * class: {@link #BULK_TASKS} tasks created through the API (Created and Queued each), then each reprioritised
     * {@link #REPRIORITIZED} times by one SQL statement into the API's own table, as 10,000 API calls would take a
     * minute on a shared machine. The feed serves both kinds alike.
     */
    private synchronized Map<String, String> bulkTenant() {
        if (bulkKeys == null) {
            Map<String, String> keys = provision("bulk");
            RestClient tenant = client(keys.get("tenant"));
            configureProcesses(tenant, "p");
            for (int t = 0; t < BULK_TASKS; t++) {
                assertThat(tenant.post().uri("/tasks").body(Map.of("captureId", "b" + t, "processId", "p",
                        "queueId", "q")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(201);
            }
            jdbc.sql("""
                    INSERT INTO task_event (tenant_id, task_id, capture_id, task_version, type, status, occurred_at,
                        process_id, queue_id, priority)
                    SELECT t.tenant_id, t.task_id, t.capture_id, t.version + g, 'Reprioritized', t.status,
                        t.updated_at + g * interval '1 second', t.process_id, t.queue_id, g
                    FROM task t CROSS JOIN generate_series(1, ?) g
                    WHERE t.tenant_id = 'bulk'
                    ORDER BY t.task_id, g""").param(REPRIORITIZED).update();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM task_event_position WHERE tenant_id = 'bulk'").query(Long.class).single()
                    == BULK_EVENTS);
            bulkKeys = keys;
        }
        return bulkKeys;
    }

    private Map<?, ?> awaitHead(RestClient datamart, String head, long above) {
        Map<?, ?>[] seen = new Map<?, ?>[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            seen[0] = datamart.get().uri(head).retrieve().body(Map.class);
            return ((Number) seen[0].get("id")).longValue() > above;
        });
        return seen[0];
    }

    private static long lastId(RestClient datamart, String feed) {
        return ((Number) lastEvent(datamart, feed).get("id")).longValue();
    }

    private static Map<?, ?> lastEvent(RestClient datamart, String feed) {
        List<?> events = (List<?>) datamart.get().uri(feed + "?limit=10000").retrieve().body(Map.class).get("events");
        return (Map<?, ?>) events.getLast();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("events").forEach(e -> ids.add(e.get("id").asLong()));
        return ids;
    }

    private HttpResponse<byte[]> get(String key, String path, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/iwd/v3" + path))
                .header("x-api-key", key);
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
