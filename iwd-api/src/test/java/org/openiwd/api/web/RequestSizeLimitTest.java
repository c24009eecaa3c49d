package org.openiwd.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.test.context.TestPropertySource;

/** {@code iwd.api.max-request-size}, here 2KB: a body of exactly the limit is taken, one byte more is a 413. */
@TestPropertySource(properties = "iwd.api.max-request-size=2KB")
class RequestSizeLimitTest extends ApiIntegrationTest {

    private static final int LIMIT = 2048;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String key;

    @BeforeEach
    void tenant() {
        key = provision("size-" + System.nanoTime() % 1_000_000).get("tenant");
    }

    @Test
    void aBodyOfExactlyTheLimitIsTakenWithOrWithoutContentLength() throws Exception {
        assertThat(post(task("at-limit", LIMIT), key, false).statusCode()).isEqualTo(201);
        assertThat(post(task("at-limit-chunked", LIMIT), key, true).statusCode()).isEqualTo(201);
    }

    @Test
    void aContentLengthOverTheLimitIsRefusedBeforeTheKeyIsChecked() throws Exception {
        HttpResponse<String> response = post(task("over", LIMIT + 1), null, false);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"urn:iwd:problem:payload-too-large\"").contains("2048");
    }

    @Test
    void aChunkedBodyIsRefusedWhenReadingCrossesTheLimitAndNothingIsWritten() throws Exception {
        HttpResponse<String> response = post(task("over-chunked", LIMIT + 1), key, true);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"type\":\"urn:iwd:problem:payload-too-large\"");
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE capture_id = 'over-chunked'").query(Long.class).single())
                .isZero();
    }

    /** A valid task whose JSON is exactly {@code size} bytes, padded by its description. */
    private static byte[] task(String captureId, int size) {
        String head = "{\"captureId\":\"" + captureId + "\",\"description\":\"";
        String tail = "\"}";
        return (head + "s".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(byte[] body, String apiKey, boolean chunked) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/iwd/v3/tasks"))
                .header("Content-Type", "application/json")
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
