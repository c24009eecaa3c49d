package org.openiwd.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * An Elasticsearch that accepts connections and never answers (a hung node): the readiness probe still answers
 * within the search contributor's health timeout, reporting search DEGRADED, instead of waiting for the client's
 * socket timeout, by which a Kubernetes probe would have failed and taken the replica out.
 */
class SearchHealthTimeoutTest extends ApiIntegrationTest {

    /** Connections complete in the kernel's backlog; nothing ever reads or answers them. */
    static ServerSocket hung;

    @Value("${local.management.port}")
    int managementPort;

    @DynamicPropertySource
    static void hungElasticsearch(DynamicPropertyRegistry registry) throws IOException {
        hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SearchTestSupport.useElasticsearch(registry, "http://127.0.0.1:" + hung.getLocalPort());
        registry.add("iwd.api.search.health-timeout", () -> "500ms");
        registry.add("spring.elasticsearch.socket-timeout", () -> "60s");
    }

    @AfterAll
    static void close() throws IOException {
        hung.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClusterThatNeverAnswersMakesSearchDegradedWithinTheHealthTimeoutAndTheReplicaStaysReady() {
        ResponseEntity<Map> readiness = RestClient.create("http://127.0.0.1:" + managementPort).get()
                .uri("/actuator/health/readiness").retrieve().toEntity(Map.class);

        assertThat(readiness.getStatusCode().value()).isEqualTo(200);
        Map<String, Object> search = (Map<String, Object>) ((Map<String, Object>) readiness.getBody()
                .get("components")).get("search");
        assertThat(search).containsEntry("status", "DEGRADED");
        assertThat((Map<String, Object>) search.get("details")).containsEntry("elasticsearch", "unreachable")
                .containsEntry("error", "no answer within 500 ms");
    }
}
