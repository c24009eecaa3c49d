package org.openiwd.api.cache;

import org.openiwd.api.ApiIntegrationTest;
import org.openiwd.api.IwdApiApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * A second API replica of a test's platform: the same database, the same Redis and Redis names, its own caches.
 * Close it after the test.
 */
public final class Replica {

    private Replica() {
    }

    public static ConfigurableApplicationContext start(String databaseUrl, String redisUrl, String keyPrefix,
            String localCacheTime) {
        return IwdApiApplication.builder().run("--server.port=0", "--management.server.port=0",
                "--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=iwd",
                "--spring.datasource.password=iwd", "--spring.datasource.hikari.maximum-pool-size=2",
                "--iwd.api.redis.url=" + redisUrl, "--iwd.api.redis.local-cache-time=" + localCacheTime,
                "--iwd.api.redis.key-prefix=" + keyPrefix,
                "--iwd.api.admin-api-key=" + ApiIntegrationTest.ADMIN_KEY, "--iwd.api.search.backend=postgres");
    }

    /** A client of the replica's API with {@code apiKey} that never throws on an error status. */
    public static RestClient client(ConfigurableApplicationContext replica, String apiKey) {
        return RestClient.builder().baseUrl("http://127.0.0.1:"
                + replica.getEnvironment().getRequiredProperty("local.server.port") + "/iwd/v3")
                .defaultHeader("x-api-key", apiKey)
                .defaultStatusHandler(s -> true, (request, response) -> { }).build();
    }
}
