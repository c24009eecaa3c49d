package org.openiwd.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The runtime cache on a Redis of the test's own: two replicas share it for key revocation; when it dies the API
 * keeps serving from the database, and when it returns the API uses it again by itself.
 */
class RedisOutageTest extends TwoReplicasOnOwnRedisTest {

    @DynamicPropertySource
    static void quickRetryLongLocalCache(DynamicPropertyRegistry registry) {
        registry.add("iwd.api.redis.retry-after-outage", () -> "300ms");
        registry.add("iwd.api.redis.local-cache-time", () -> "10m");
    }

    @Test
    void aKeyRevokedOnOneReplicaStopsAtOnceOnTheOtherAndAnOutageOnlyCostsTheCache() throws Exception {
        Map<String, String> keys = provision("redis-ha");
        String key = (String) client(ADMIN_KEY).post().uri("/provisioning/redis-ha/keys")
                .body(Map.of("role", "tenant")).retrieve().body(Map.class).get("key");
        RestClient onB = Replica.client(startReplicaB("10m"), key);

        // Both replicas have the key cached for ten minutes; revoking on A must still stop it on B at once.
        assertThat(client(key).get().uri("/tasks/1").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(404);
        assertThat(onB.get().uri("/tasks/1").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(404);
        assertThat(gateway.available()).isTrue();
        Object keyId = ((java.util.List<Map<?, ?>>) client(ADMIN_KEY).get().uri("/provisioning/redis-ha/keys")
                .retrieve().body(Map.class).get("keys")).getLast().get("id");
        client(ADMIN_KEY).delete().uri("/provisioning/redis-ha/keys/{id}", keyId).retrieve().toBodilessEntity();
        assertThat(waitForStatus(onB, 401)).as("revoked on A, refused by B").isEqualTo(401);

        redis.stop();
        RestClient tenant = client(keys.get("tenant"));
        for (int i = 0; i < 20; i++) {
            assertThat(tenant.post().uri("/tasks").body(Map.of("captureId", "during-outage-" + i)).retrieve()
                    .toBodilessEntity().getStatusCode().value()).isEqualTo(201);
        }
        assertThat(gateway.available()).isFalse();
        assertThat(scrape()).contains("iwd_redis_available{application=\"iwd-api\"} 0.0");
        assertThat(management("/actuator/health/readiness")).as("answered 200: the replica stays in service")
                .containsPattern("\"redis\":\\{[^}]*\"status\":\"DEGRADED\"")
                .contains("\"readinessState\":{\"status\":\"UP\"}");
        assertThat(management("/actuator/health")).containsPattern("\"redis\":\\{[^}]*\"status\":\"DEGRADED\"");

        redis.start();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!gateway.available() && System.nanoTime() < deadline) {
            tenant.get().uri("/tasks/1").retrieve().toBodilessEntity();
            Thread.sleep(100);
        }
        assertThat(gateway.available()).as("recovered by itself").isTrue();
        assertThat(tenant.post().uri("/tasks").body(Map.of("captureId", "after")).retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(201);
        String fresh = (String) client(ADMIN_KEY).post().uri("/provisioning/redis-ha/keys")
                .body(Map.of("role", "tenant")).retrieve().body(Map.class).get("key");
        client(fresh).get().uri("/tasks/1").retrieve().toBodilessEntity();
        String hash = java.util.HexFormat.of().formatHex(org.openiwd.api.security.ApiKeys.hash(fresh));
        assertThat(gateway.call(c -> c.getBucket(gateway.name("key:" + hash)).isExists()))
                .as("a new key is shared through Redis again").contains(true);
    }

    private static int waitForStatus(RestClient client, int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status;
        do {
            status = client.get().uri("/tasks/1").retrieve().toBodilessEntity().getStatusCode().value();
            if (status == wanted) {
                return status;
            }
            Thread.sleep(50);
        }
        while (System.nanoTime() < deadline);
        return status;
    }

    @Value("${local.management.port}")
    int managementPort;

    private String management(String path) {
        return RestClient.create("http://127.0.0.1:" + managementPort).get().uri(path).retrieve().body(String.class);
    }

    private String scrape() {
        return RestClient.create("http://127.0.0.1:" + managementPort).get().uri("/actuator/prometheus")
                .header("Accept", "text/plain").retrieve().body(String.class);
    }
}
