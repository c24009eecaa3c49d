package org.openiwd.api.cache;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run two replicas on a Redis of the test class's own, which a test may stop and start
 * without disturbing the machine's Redis: this context is replica A, {@link #startReplicaB} starts B on the same
 * database and Redis names. Subclasses add their Redis settings in a {@code @DynamicPropertySource} of their own.
 */
abstract class TwoReplicasOnOwnRedisTest extends ApiIntegrationTest {

    static RedisServer redis;
    static ConfigurableApplicationContext replicaB;

    @Autowired
    RedisGateway gateway;
    @Value("${spring.datasource.url}")
    String databaseUrl;
    /** Replica B is the same platform as this context: same database, same Redis names. */
    @Value("${iwd.api.redis.key-prefix}")
    String keyPrefix;

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) throws IOException, InterruptedException {
        redis = new RedisServer().start();
        registry.add("iwd.api.redis.url", redis::url);
    }

    @AfterAll
    static void stopReplicaAndRedis() throws InterruptedException {
        if (replicaB != null) {
            replicaB.close();
            replicaB = null;
        }
        redis.close();
    }

    /** Starts replica B, closed after the class, with its own local cache time. */
    ConfigurableApplicationContext startReplicaB(String localCacheTime) {
        replicaB = Replica.start(databaseUrl, redis.url(), keyPrefix, localCacheTime);
        return replicaB;
    }
}
