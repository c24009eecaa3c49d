package org.openiwd.api;

import java.util.Map;

import org.openiwd.sql.testing.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Base of the API's integration tests: the whole application on a random port, on its own fresh database of the
 * real PostgreSQL, closed after the class so its connections and database go away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=" + IwdApiApplication.CONFIG_NAME,
    "management.server.port=0",
    "iwd.api.admin-api-key=" + ApiIntegrationTest.ADMIN_KEY,
    "iwd.api.datamart-api-key=" + ApiIntegrationTest.CLUSTER_DATAMART_KEY,
    "iwd.api.email-api-key=test-cluster-email-key",
    "iwd.api.email.encryption-key=" + ApiIntegrationTest.MAILBOX_KEY,
    "iwd.api.feed.sequencer-interval=50ms",
    "iwd.api.activation-interval=200ms",
    "iwd.api.redis.requests-per-second-per-key=0",
    // Search tests opt in to Elasticsearch (SearchTestSupport); the others must not fill the shared cluster.
    "iwd.api.search.backend=postgres",
    "spring.datasource.hikari.maximum-pool-size=6"})
@DirtiesContext
public abstract class ApiIntegrationTest {

    public static final String ADMIN_KEY = "test-admin-key";
    public static final String CLUSTER_DATAMART_KEY = "test-cluster-datamart-key";
    /** The mailbox secrets' AES-256 key of the tests (base64 of 32 bytes). */
    public static final String MAILBOX_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @LocalServerPort
    protected int port;

    @Autowired
    protected org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase db = TestDatabase.create("api");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        // Test contexts share the machine's Redis but not their databases: each is a platform of its own.
        String redisPrefix = "test-" + java.util.UUID.randomUUID();
        registry.add("iwd.api.redis.key-prefix", () -> redisPrefix);
    }

    /**
     * A client that never throws on 4xx/5xx, so tests assert on status and problem bodies. The JDK's HTTP client
     * retries nothing; Apache HttpClient, on the class path with Elasticsearch's client, would retry 429 and 503.
     */
    protected RestClient client(String apiKey) {
        return RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .baseUrl("http://127.0.0.1:" + port + "/iwd/v3")
                .defaultHeader("x-api-key", apiKey)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    /** Makes {@code processIds} live processes of the tenant (under one department), so tasks can be queued. */
    protected void configureProcesses(RestClient tenant, String... processIds) {
        tenant.post().uri("/departments").body(Map.of("id", "dept", "name", "Department"))
                .retrieve().toBodilessEntity();
        for (String id : processIds) {
            int status = tenant.post().uri("/processes").body(Map.of("id", id, "name", "Process " + id,
                    "parentId", "dept")).retrieve().toBodilessEntity().getStatusCode().value();
            if (status != 201) {
                throw new IllegalStateException("process " + id + " not created: " + status);
            }
        }
    }

    /** Provisions a tenant and returns its keys by role. */
    @SuppressWarnings("unchecked")
    protected Map<String, String> provision(String tenantId) {
        Map<String, Object> body = client(ADMIN_KEY).post().uri("/provisioning")
                .body(Map.of("id", tenantId, "name", "Tenant " + tenantId, "timeZone", "Europe/Paris"))
                .retrieve().body(Map.class);
        return (Map<String, String>) body.get("apiKeys");
    }

    /** How many times {@code table} was VACUUMed other than by autovacuum ({@code vacuum_count} counts only those). */
    protected long manualVacuums(String table) {
        return jdbc.sql("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = ?").param(table)
                .query(Long.class).single();
    }
}
