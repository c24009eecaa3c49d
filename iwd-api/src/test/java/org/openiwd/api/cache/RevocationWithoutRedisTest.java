package org.openiwd.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * A key revoked while Redis is down, so no replica hears of it: the revoking replica refuses the key at once, the
 * other once its local cache entry expires ({@code local-cache-time}, the bound the README states), not after the
 * shared cache time.
 */
class RevocationWithoutRedisTest extends TwoReplicasOnOwnRedisTest {

    private static final Duration LOCAL_CACHE_TIME = Duration.ofSeconds(1);

    @Value("${iwd.api.redis.shared-cache-time:1m}")
    Duration sharedCacheTime;

    @DynamicPropertySource
    static void shortLocalCache(DynamicPropertyRegistry registry) {
        registry.add("iwd.api.redis.local-cache-time", () -> LOCAL_CACHE_TIME.toMillis() + "ms");
    }

    @Test
    void aKeyRevokedWhileRedisIsDownStopsAtOnceOnItsReplicaAndWithinTheLocalCacheTimeOnTheOther() throws Exception {
        provision("offline-revoke");
        String key = (String) client(ADMIN_KEY).post().uri("/provisioning/offline-revoke/keys")
                .body(Map.of("role", "tenant")).retrieve().body(Map.class).get("key");
        startReplicaB(LOCAL_CACHE_TIME.toMillis() + "ms");
        RestClient onA = client(key);
        RestClient onB = Replica.client(replicaB, key);
        assertThat(status(onA)).as("accepted on A").isEqualTo(404);
        assertThat(status(onB)).as("accepted on B").isEqualTo(404);
        String hash = java.util.HexFormat.of().formatHex(org.openiwd.api.security.ApiKeys.hash(key));
        assertThat(gateway.call(c -> c.getBucket(gateway.name("key:" + hash)).isExists()))
                .as("shared through Redis, as a stale entry there could be").contains(true);

        redis.stop();
        Object keyId = ((List<Map<?, ?>>) client(ADMIN_KEY).get().uri("/provisioning/offline-revoke/keys")
                .retrieve().body(Map.class).get("keys")).getLast().get("id");
        assertThat(client(ADMIN_KEY).delete().uri("/provisioning/offline-revoke/keys/{id}", keyId).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        long revoked = System.nanoTime();

        assertThat(status(onA)).as("refused at once by the revoking replica").isEqualTo(401);
        int onBNow = status(onB);
        while (onBNow != 401 && System.nanoTime() - revoked < Duration.ofSeconds(30).toNanos()) {
            Thread.sleep(50);
            onBNow = status(onB);
        }
        Duration refusedAfter = Duration.ofNanos(System.nanoTime() - revoked);
        assertThat(onBNow).as("refused by B").isEqualTo(401);
        // Not a speed figure: what it rules out is the shared entry's minute (B trusting a cache it cannot reach).
        assertThat(refusedAfter).as("B refuses it before the shared cache time").isLessThan(sharedCacheTime);
    }

    private static int status(RestClient client) {
        return client.get().uri("/tasks/1").retrieve().toBodilessEntity().getStatusCode().value();
    }
}
