package org.openiwd.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.api.IwdApiApplication;
import org.openiwd.deploy.Command;
import org.openiwd.deploy.Repository;
import org.openiwd.deploy.chart.Helm;
import org.openiwd.deploy.chart.Manifests;
import org.openiwd.deploy.docker.Dockerfile;
import org.openiwd.etl.EtlJobsApplication;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.tenant.TenantSync;
import org.openiwd.sql.testing.TestDatabase;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

/**
 * The metric names of the chart's alerts and dashboards against what the services really export: iwd-api, etl-jobs
 * and email-ingest run in this JVM on the real PostgreSQL, Redis and Elasticsearch of {@code ./iwd services}, get
 * the traffic that registers their meters (tenants, tasks, an ETL run that succeeds and one that fails, a mailbox),
 * and their {@code /actuator/prometheus} is scraped over HTTP. A name is known when a sample of that exact name is in
 * a scrape ({@code _bucket}, {@code _count}, {@code _sum} are sample names of their own there), or when it is in
 * {@link #EXTERNAL}, the names other exporters provide, each with the reason.
 */
class MetricNamesTest {

    /** Names that come from elsewhere than the IWD services: exporter, and why it is right to use it. */
    static final Map<String, String> EXTERNAL = Map.of(
            "up", "Prometheus' own per-target series (scrape succeeded)",
            "kube_cronjob_next_schedule_time", "kube-state-metrics: when the CronJob should run next",
            "kube_job_status_failed", "kube-state-metrics: failed pods of a Job",
            "kube_job_owner", "kube-state-metrics: which CronJob created a Job");

    static final String ADMIN_KEY = "deploy-admin-key";
    static final String DATAMART_KEY = "deploy-datamart-key";
    static final String EMAIL_KEY = "deploy-email-key";

    static TestDatabase iwd;
    static TestDatabase iwddm;
    static TestDatabase gim;
    static ConfigurableApplicationContext api;
    static ConfigurableApplicationContext etl;
    static Process email;
    static String esPrefix;
    static String redisPrefix;
    static java.nio.file.Path consoleUsers;

    @BeforeAll
    static void startTheServices() throws Exception {
        iwd = TestDatabase.create("deploy_iwd");
        iwddm = TestDatabase.create("deploy_iwddm");
        gim = TestDatabase.create("deploy_gim");
        Flyway.configure().dataSource(gim.dataSource()).locations("classpath:db/infomart").load().migrate();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        esPrefix = "deploy-" + unique + "-tasks";
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        api = IwdApiApplication.builder().run(
                "--server.port=0", "--management.server.port=0",
                "--spring.datasource.url=" + iwd.url(), "--spring.datasource.username=" + iwd.user(),
                "--spring.datasource.password=" + iwd.password(), "--spring.datasource.hikari.maximum-pool-size=4",
                "--iwd.api.admin-api-key=" + ADMIN_KEY, "--iwd.api.datamart-api-key=" + DATAMART_KEY,
                "--iwd.api.email-api-key=" + EMAIL_KEY,
                "--iwd.api.email.encryption-key=" + Base64.getEncoder().encodeToString(key),
                "--iwd.api.redis.key-prefix=deploy-" + unique,
                "--iwd.api.search.backend=elasticsearch", "--iwd.api.search.index-prefix=" + esPrefix,
                "--iwd.api.search.index-replicas=0", "--iwd.api.feed.sequencer-interval=50ms");
        String apiUrl = "http://127.0.0.1:" + port(api, "local.server.port") + "/iwd/v3";
        // The console users' file as the chart renders it into its Secret, where the chart's pod finds it.
        consoleUsers = Files.createTempFile("console-users", ".yml");
        Files.writeString(consoleUsers, Manifests.map(Helm.renderFull().get("Secret", "prod-iwd-console-users"),
                "stringData").get("console-users.yml").toString());
        String additionalLocation = configMapOfTheChart("prod-iwd-etl").get("SPRING_CONFIG_ADDITIONALLOCATION")
                .toString().replace("/etc/iwd/console/console-users.yml", consoleUsers.toString());
        etl = EtlJobsApplication.builder().run(
                "--spring.config.additional-location=" + additionalLocation,
                "--server.port=0", "--management.server.port=0",
                "--spring.datasource.url=" + iwddm.url(), "--spring.datasource.username=" + iwddm.user(),
                "--spring.datasource.password=" + iwddm.password(), "--spring.datasource.hikari.maximum-pool-size=4",
                "--iwd.etl.info-mart.url=" + gim.url(), "--iwd.etl.info-mart.username=" + gim.user(),
                "--iwd.etl.info-mart.password=" + gim.password(),
                "--iwd.etl.api.url=" + apiUrl, "--iwd.etl.api.datamart-api-key=" + DATAMART_KEY,
                "--iwd.etl.api.initial-backoff=50ms", "--iwd.etl.api.max-attempts=1",
                "--spring.quartz.auto-startup=false", "--iwd.etl.scheduling.enabled=false");
        redisPrefix = "deploy-" + unique;
        generateTheTrafficThatRegistersTheMeters(apiUrl);
    }

    @AfterAll
    static void stopTheServices() {
        if (email != null) {
            email.destroy();
            try {
                email.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (etl != null) {
            etl.close();
        }
        if (api != null) {
            deleteTestIndices();
            api.close();
        }
        if (consoleUsers != null) {
            consoleUsers.toFile().delete();
        }
        for (TestDatabase db : new TestDatabase[] {gim, iwddm, iwd}) {
            if (db != null) {
                db.close();
            }
        }
    }

    @Test
    void everyMetricOfTheApiAndDataMartAlertsAndDashboardsIsOneTheServicesExport() {
        Set<String> exported = new TreeSet<>();
        exported.addAll(sampleNames(scrape(port(api, "local.management.port"))));
        exported.addAll(sampleNames(scrape(port(etl, "local.management.port"))));

        Map<String, Set<String>> used = MetricUsages.in(MetricUsages.of(Helm.renderFull()),
                "iwd-api", "iwd-datamart");
        System.out.println("metric names of the API and Data Mart alerts and dashboards: " + used.keySet());
        assertThat(used).as("the render has the API's and the Data Mart's alerts and dashboards")
                .containsKeys("iwddm_job_last_fail", "iwddm_lag_seconds", "http_server_requests_seconds_bucket",
                        "iwd_search_outbox_backlog", "iwd_redis_available", "kube_job_owner", "up");
        assertKnown(used, exported);
    }

    @Test
    void everyMetricOfTheEmailAlertsAndDashboardIsOneEmailIngestExports() throws Exception {
        String apiUrl = "http://127.0.0.1:" + port(api, "local.server.port") + "/iwd/v3";
        // Its own process, from the jar its image runs: email-ingest has no database, and in this JVM it would
        // see the others' JDBC auto-configuration.
        int emailPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            emailPort = free.getLocalPort();
        }
        java.nio.file.Path jar = Repository.root().resolve("email-ingest/target/email-ingest-exec.jar");
        assertThat(jar).as("built by mvn package in the reactor before this module's tests").exists();
        email = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=" + emailPort,
                "--iwd.email.api.url=" + apiUrl, "--iwd.email.api.email-api-key=" + EMAIL_KEY,
                "--iwd.email.redis.key-prefix=" + redisPrefix, "--iwd.email.mailboxes.reload-interval=500ms")
                .redirectErrorStream(true)
                .redirectOutput(java.nio.file.Path.of("target", "email-ingest-" + emailPort + ".log").toFile())
                .start();
        Awaitility.await("email-ingest loads the mailbox").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(email.isAlive()).as("email-ingest runs (log: target/email-ingest-%d.log)", emailPort)
                            .isTrue();
                    return scrapeOrEmpty(emailPort).contains("iwdEmail_connection_status{");
                });

        Map<String, Set<String>> used = MetricUsages.in(MetricUsages.of(Helm.renderFull()), "iwd-email");
        System.out.println("metric names of the email alerts and dashboard: " + used.keySet());
        assertThat(used).containsKeys("iwdEmail_inbound_emails_failed_total", "iwdEmail_connection_status");
        assertKnown(used, sampleNames(scrape(emailPort)));
    }

    @Test
    void etlJobsReadsTheConsoleUsersFromTheFileTheChartMountsOverItsOwnConfiguration() {
        assertThat(etl.getEnvironment().getProperty("iwd.console.users[0].username")).isEqualTo("admin");
        assertThat(etl.getEnvironment().getProperty("iwd.console.users[0].password-hash"))
                .isEqualTo("$2a$12$SmT86orhpYZpI7xuMbBVmOyR8ZH/OEDckhZjZI30z1.x34/UnoRou");
        assertThat(etl.getEnvironment().getProperty("iwd.console.users[0].role")).isEqualTo("ADMIN");
    }

    @Test
    void everyAlertAndDashboardIsInOneOfTheTwoChecks() {
        Map<String, Set<String>> all = MetricUsages.of(Helm.renderFull());
        Map<String, Set<String>> checked = MetricUsages.in(all, "iwd-api", "iwd-datamart", "iwd-email");
        assertThat(checked).isEqualTo(all);
    }

    private static void assertKnown(Map<String, Set<String>> used, Set<String> exported) {
        Map<String, Set<String>> unknown = new java.util.TreeMap<>(used);
        unknown.keySet().removeAll(exported);
        unknown.keySet().removeAll(EXTERNAL.keySet());
        assertThat(unknown).as("metric names no service exports (name -> where used)").isEmpty();
        assertThat(exported).as("no external name is one the services export").doesNotContainAnyElementsOf(
                EXTERNAL.keySet());
    }

    @Test
    void theImageHealthCheckCommandPassesAgainstARunningServiceAndFailsWithoutOne() throws Exception {
        Dockerfile dockerfile = Dockerfile.parse(Files.readString(Repository.root().resolve("iwd-api/Dockerfile")));
        String command = dockerfile.finalStage().last("HEALTHCHECK").withoutFlags().substring(4);
        List<String> check = new Dockerfile.Instruction("CMD", command).execArguments();
        int management = port(api, "local.management.port");
        List<String> here = check.stream().map(a -> a.replace("/10052", "/" + management)).toList();
        Command up = Command.run(here);
        assertThat(up.exit()).as(up.output()).isZero();

        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            int nothing = closed.getLocalPort();
            closed.close();
            Command down = Command.run(check.stream().map(a -> a.replace("/10052", "/" + nothing)).toList());
            assertThat(down.exit()).isNotZero();
        }
    }

    private static void generateTheTrafficThatRegistersTheMeters(String apiUrl) {
        RestClient admin = client(apiUrl, ADMIN_KEY);
        provision(admin, "deploy");
        provision(admin, "gone");
        String importKey = key(admin, "deploy", "import");
        String tenantKey = key(admin, "deploy", "tenant");
        RestClient importer = client(apiUrl, importKey);
        for (int i = 0; i < 3; i++) {
            importer.post().uri("/tasks").body(Map.of("captureId", "c" + i, "occurredAt", "2026-03-02T09:0" + i + ":00Z"))
                    .retrieve().toBodilessEntity();
        }
        // A disabled mailbox: email-ingest registers its meters when it loads it, and never polls it.
        client(apiUrl, tenantKey).post().uri("/mailboxes").body(Map.of(
                "id", "support", "name", "Support", "type", "imap", "address", "support@example.com",
                "enabled", false,
                "inbound", Map.of("host", "127.0.0.1", "port", 143, "security", "none", "user", "mailtest",
                        "auth", "password", "password", "secret",
                        "folders", Map.of("inbox", "INBOX", "processed", "Processed", "unparsable", "Unparsable")),
                "outbound", Map.of("host", "127.0.0.1", "port", 25, "security", "none", "auth", "none")))
                .retrieve().toBodilessEntity();

        etl.getBean(TenantSync.class).sync();
        EtlJobRunner jobs = etl.getBean(EtlJobRunner.class);
        try {
            assertThat(jobs.run("intraday", "deploy").getStatus()).isEqualTo(BatchStatus.COMPLETED);
            // A tenant that vanishes from the API: its next run fails, which is what registers iwddm_job_last_fail.
            admin.delete().uri("/provisioning/gone").retrieve().toBodilessEntity();
            assertThat(jobs.run("loadIntraday", "gone").getStatus()).isEqualTo(BatchStatus.FAILED);
        }
        catch (Exception e) {
            throw new IllegalStateException("running the ETL jobs", e);
        }
    }

    private static void provision(RestClient admin, String tenant) {
        admin.post().uri("/provisioning").body(Map.of("id", tenant, "name", "Tenant " + tenant, "timeZone", "UTC"))
                .retrieve().toBodilessEntity();
    }

    private static String key(RestClient admin, String tenant, String role) {
        return (String) admin.post().uri("/provisioning/{id}/keys", tenant).body(Map.of("role", role)).retrieve()
                .body(Map.class).get("key");
    }

    private static RestClient client(String url, String key) {
        return RestClient.builder().baseUrl(url).defaultHeader("x-api-key", key).build();
    }

    private static String scrape(int port) {
        return RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/prometheus")
                .header("Accept", "text/plain").retrieve().body(String.class);
    }

    private static String scrapeOrEmpty(int port) {
        try {
            return scrape(port);
        }
        catch (org.springframework.web.client.RestClientException e) {
            return "";   // not listening yet
        }
    }

    /** The names of the samples of a text-format scrape (comment lines skipped). */
    static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Map<String, Object> configMapOfTheChart(String name) {
        return Manifests.map(Helm.renderFull().get("ConfigMap", name), "data");
    }

    private static int port(ConfigurableApplicationContext context, String property) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty(property));
    }

    private static void deleteTestIndices() {
        String es = System.getenv().getOrDefault("IWD_TEST_ES_URL", "http://127.0.0.1:9200");
        RestClient client = RestClient.builder().baseUrl(es)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
        Map<?, ?> resolved = client.get().uri("/_resolve/index/{pattern}?expand_wildcards=all", esPrefix + "-*")
                .retrieve().body(Map.class);
        if (resolved != null && resolved.get("indices") instanceof List<?> indices && !indices.isEmpty()) {
            String names = String.join(",", indices.stream().map(i -> (String) ((Map<?, ?>) i).get("name")).toList());
            client.delete().uri("/{names}", names).retrieve().toBodilessEntity();
        }
    }
}
