package org.openiwd.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.cache.Replica;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The configuration the task lifecycle reads is cached per replica for ten minutes here, and a change made on one
 * replica still reaches the other's cache at once, through Redis.
 */
@TestPropertySource(properties = "iwd.api.redis.local-cache-time=10m")
class ClassificationAcrossReplicasTest extends ApiIntegrationTest {

    static ConfigurableApplicationContext replicaB;

    @Value("${spring.datasource.url}")
    String databaseUrl;
    @Value("${iwd.api.redis.key-prefix}")
    String keyPrefix;
    @Value("${iwd.api.redis.url:redis://127.0.0.1:6379}")
    String redisUrl;

    @AfterAll
    static void stopReplica() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void aProcessRetiredOnOneReplicaNoLongerClassifiesTasksOnTheOtherAtOnce() {
        String key = provision("two-replicas").get("tenant");
        RestClient onA = client(key);
        configureProcesses(onA, "claims");
        replicaB = Replica.start(databaseUrl, redisUrl, keyPrefix, "10m");
        RestClient onB = Replica.client(replicaB, key);
        MeterRegistry metersOfB = replicaB.getBean(MeterRegistry.class);

        assertThat(status(onB, "b1")).isEqualTo("Queued");
        assertThat(status(onB, "b2")).as("answered from B's cache").isEqualTo("Queued");
        assertThat(lookups(metersOfB, "database")).isEqualTo(1);
        assertThat(lookups(metersOfB, "local")).isEqualTo(1);

        assertThat(onA.delete().uri("/processes/claims").retrieve().body(Map.class)).containsEntry("deleted", true);

        // The invalidation reaches B through Redis a moment after A's answer; B's cache alone would keep "live"
        // for ten minutes.
        int[] attempt = {3};
        Awaitility.await("B's cached answer dropped when A retired the process").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> status(onB, "b" + attempt[0]++).equals("ErrorHeld"));
        assertThat(lookups(metersOfB, "database")).isEqualTo(2);
    }

    private static String status(RestClient tenant, String captureId) {
        return (String) tenant.post().uri("/tasks").body(Map.of("captureId", captureId, "processId", "claims"))
                .retrieve().body(Map.class).get("status");
    }

    private static double lookups(MeterRegistry meters, String source) {
        return meters.get("iwd.cache.lookups").tags("cache", "configuration", "source", source).counter().count();
    }
}
