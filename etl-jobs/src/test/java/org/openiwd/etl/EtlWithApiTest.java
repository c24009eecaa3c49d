package org.openiwd.etl;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.openiwd.api.IwdApiApplication;
import org.openiwd.etl.aggregate.DayAggregator;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.openiwd.etl.tenant.TenantSync;
import org.openiwd.sql.testing.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * Base of the ETL's end-to-end tests: the real IWD API on its own database and a random port in this JVM, an Info
 * Mart database with the fixture agents, and the ETL application (no web server, no scheduler) on a fresh Data
 * Mart database reading the API over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
// Inherited by the subclasses, which choose their own web environment.
@TestPropertySource(properties = {
    "spring.config.name=" + EtlJobsApplication.CONFIG_NAME,
    "spring.quartz.auto-startup=false",
    "iwd.etl.scheduling.enabled=false",
    "iwd.etl.api.datamart-api-key=" + EtlWithApiTest.DATAMART_KEY,
    "iwd.etl.api.initial-backoff=50ms",
    "spring.datasource.hikari.maximum-pool-size=4"})
@DirtiesContext
public abstract class EtlWithApiTest {

    @Autowired
    private ApplicationContext context;
    @Autowired
    protected TenantSync tenants;
    @Autowired
    protected EtlJobRunner jobs;
    @Autowired
    protected JdbcClient jdbc;

    protected static final String ADMIN_KEY = "e2e-admin-key";
    protected static final String DATAMART_KEY = "e2e-datamart-key";

    private static ConfigurableApplicationContext api;
    /** The Info Mart with the fixture agents of tenant keys 100 and 200. */
    protected static TestDatabase gim;
    private static int apiPort;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestDatabase iwd = TestDatabase.create("e2e_iwd");
        TestDatabase iwddm = TestDatabase.create("e2e_iwddm");
        gim = TestDatabase.create("e2e_gim");
        org.flywaydb.core.Flyway.configure().dataSource(gim.dataSource()).locations("classpath:db/infomart")
                .load().migrate();
        // Command-line arguments, so they win over iwd-api.yml like a real deployment's settings do.
        api = IwdApiApplication.builder().run(
                "--iwd.api.redis.key-prefix=test-" + java.util.UUID.randomUUID(),
                "--server.port=0",
                "--management.server.port=0",
                "--spring.datasource.url=" + iwd.url(),
                "--spring.datasource.username=" + iwd.user(),
                "--spring.datasource.password=" + iwd.password(),
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--iwd.api.admin-api-key=" + ADMIN_KEY,
                "--iwd.api.datamart-api-key=" + DATAMART_KEY,
                "--iwd.api.feed.sequencer-interval=50ms",
                // The Data Mart reads feeds, not search: no index in the shared Elasticsearch for this test.
                "--iwd.api.search.backend=postgres");
        apiPort = Integer.parseInt(api.getEnvironment().getRequiredProperty("local.server.port"));
        registry.add("iwd.etl.api.url", () -> apiUrl());
        registry.add("spring.datasource.url", iwddm::url);
        registry.add("spring.datasource.username", iwddm::user);
        registry.add("spring.datasource.password", iwddm::password);
        registry.add("iwd.etl.info-mart.url", gim::url);
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    protected static String apiUrl() {
        return "http://127.0.0.1:" + apiPort + "/iwd/v3";
    }

    /** A client of the real API that never throws on 4xx/5xx. */
    protected static RestClient api(String key) {
        return RestClient.builder().baseUrl(apiUrl()).defaultHeader("x-api-key", key)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    /** Provisions a tenant and mints an import key for it, so tests can replay a known past day. */
    protected static String provisionWithImportKey(String tenantId, String timeZone) {
        api(ADMIN_KEY).post().uri("/provisioning")
                .body(Map.of("id", tenantId, "name", "Tenant " + tenantId, "timeZone", timeZone))
                .retrieve().toBodilessEntity();
        return (String) api(ADMIN_KEY).post().uri("/provisioning/{id}/keys", tenantId)
                .body(Map.of("role", "import")).retrieve().body(Map.class).get("key");
    }

    /** Provisions a tenant in the API (with an import key) and registers it in the Data Mart; returns it there. */
    protected DataMartTenant registeredTenant(String tenantId, String timeZone) {
        provisionWithImportKey(tenantId, timeZone);
        tenants.sync();
        return context.getBean(TenantRegistry.class).find(tenantId).orElseThrow();
    }

    /** A new {@code etl_audit} row in a registered tenant's Data Mart, for what a test writes outside a job. */
    protected long testAudit(String tenantId) {
        DataMartTenant tenant = context.getBean(TenantRegistry.class).find(tenantId).orElseThrow();
        return jdbc.sql("INSERT INTO " + tenant.schema()
                + ".etl_audit (job_name) VALUES ('test') RETURNING etl_audit_key").query(Long.class).single();
    }

    /**
     * {@code nightly}'s first step on its own: the day aggregates of the tenant's closed days, in one transaction,
     * under an {@code etl_audit} row of its own. Returns the number of days aggregated.
     */
    protected int aggregateClosedDays(String tenantId) {
        DataMartTenant tenant = context.getBean(TenantRegistry.class).find(tenantId).orElseThrow();
        long audit = testAudit(tenantId);
        return new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                .execute(s -> context.getBean(DayAggregator.class).aggregateClosedDays(tenant, audit));
    }
}
