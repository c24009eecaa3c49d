package org.openiwd.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** The search contract on the postgres backend (the demo's and small installs'), which has no index at all. */
class PostgresTaskSearchTest extends TaskSearchContractTest {

    @Value("${local.management.port}")
    int managementPort;

    @Override
    String backend() {
        return "postgres";
    }

    @Override
    void awaitSearchable() {
        // PostgreSQL answers from the tables the writes committed to.
    }

    @Test
    void noOutboxNoIndexToRebuildAndHealthSaysPostgres() {
        assertThat(jdbc.sql("SELECT count(*) FROM search_outbox").query(Long.class).single()).isZero();
        ResponseEntity<Map> rebuild = client(ADMIN_KEY).post().uri("/provisioning/alpha/search-index/rebuild")
                .retrieve().toEntity(Map.class);
        assertThat(rebuild.getStatusCode().value()).isEqualTo(409);
        assertThat(rebuild.getBody().get("type")).isEqualTo("urn:iwd:problem:search-index-disabled");
        Map<?, ?> health = RestClient.create("http://127.0.0.1:" + managementPort).get()
                .uri("/actuator/health/search").retrieve().body(Map.class);
        assertThat(health.get("status")).isEqualTo("UP");
        assertThat(health.get("details")).isEqualTo(Map.of("backend", "postgres"));
    }
}
