package org.openiwd.demo;

import java.time.LocalDate;
import java.time.ZoneId;

import org.openiwd.api.IwdApiApplication;
import org.openiwd.etl.EtlJobsApplication;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.tenant.TenantSync;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code ./iwd demo}: the platform's main path on embedded defaults, in one process. An embedded PostgreSQL 15
 * holds the IWD and Data Mart databases; the real IWD API serves HTTP on a free port; a day of work items is
 * replayed through it; the real intraday ETL reads the feed over HTTP into the tenant's Data Mart; the report is
 * printed from the Data Mart's views. Exits 0 when the report was printed, 1 otherwise.
 */
public final class DemoMain {

    static final String TENANT = "100";
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    static final String ADMIN_KEY = "demo-admin-key";
    static final String DATAMART_KEY = "demo-datamart-key";

    private DemoMain() {
    }

    public static void main(String[] args) {
        String against = value(args, "--against=");
        System.exit(against == null ? runDemo()
                : replayAgainst(against, value(args, "--tenant="), System.getenv("IWD_ADMIN_API_KEY")));
    }

    /**
     * {@code ./iwd traffic}: replays yesterday's demo day into a running platform (as {@code ./iwd up} starts it)
     * as a new tenant, with the cluster admin key; the running etl-jobs registers the tenant within its sync
     * interval and loads it on its schedule or when an operator launches {@code intraday} in the console.
     * Returns 0 when replayed, 1 when the API refused (for example a tenant that exists), 2 without an admin key.
     */
    static int replayAgainst(String apiUrl, String tenant, String adminKey) {
        if (adminKey == null || adminKey.isBlank()) {
            System.err.println("demo: --against needs the cluster admin key in IWD_ADMIN_API_KEY");
            return 2;
        }
        String id = tenant == null || tenant.isBlank() ? TENANT : tenant;
        LocalDate day = LocalDate.now(ZONE).minusDays(1);
        try {
            Progress.step("Provisioning tenant " + id + " (" + ZONE + ") at " + apiUrl + " and replaying " + day);
            DemoDay.Totals totals = new DemoDay(apiUrl, adminKey, id, ZONE, day).replay();
            Progress.done(totals.toString());
            System.out.println("etl-jobs registers tenant " + id + " within a minute; its intraday chain runs every"
                    + " 15 minutes, or launch it now in the console (Executions, Launch).");
            return 0;
        }
        catch (org.springframework.web.client.RestClientResponseException e) {
            System.err.println("demo: the API answered " + e.getStatusCode() + ": " + e.getResponseBodyAsString()
                    + (e.getStatusCode().value() == 409 ? " (choose another tenant with --tenant ID)" : ""));
            return 1;
        }
        catch (Exception e) {
            System.err.println("demo: failed: " + e);
            return 1;
        }
    }

    private static String value(String[] args, String prefix) {
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        return null;
    }

    /** The whole demo; returns the process exit status. */
    static int runDemo() {
        try (EmbeddedDatabases databases = EmbeddedDatabases.start()) {
            return run(databases);
        }
        catch (Exception e) {
            System.err.println("demo: failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }

    private static int run(EmbeddedDatabases databases) throws Exception {
        Progress.step("Starting the IWD API on the embedded iwd database");
        try (ConfigurableApplicationContext api = IwdApiApplication.builder().run(
                "--server.port=0", "--management.server.port=-1", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--spring.datasource.url=" + databases.url("iwd"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--iwd.api.redis.enabled=false",
                "--iwd.api.admin-api-key=" + ADMIN_KEY, "--iwd.api.datamart-api-key=" + DATAMART_KEY,
                // No Elasticsearch in the demo: PostgreSQL answers searches and no outbox is written.
                "--iwd.api.search.backend=postgres")) {
            String apiUrl = "http://127.0.0.1:" + api.getEnvironment().getRequiredProperty("local.server.port")
                    + "/iwd/v3";
            Progress.done("API at " + apiUrl);

            LocalDate day = LocalDate.now(ZONE).minusDays(1);
            DemoDay workload = new DemoDay(apiUrl, ADMIN_KEY, TENANT, ZONE, day);
            Progress.step("Provisioning tenant " + TENANT + " (" + ZONE + ") and replaying " + day
                    + " through the API");
            DemoDay.Totals totals = workload.replay();
            Progress.done(totals.toString());

            Progress.step("Starting the Data Mart ETL on the embedded iwddm database");
            try (ConfigurableApplicationContext etl = EtlJobsApplication.builder()
                    .web(org.springframework.boot.WebApplicationType.NONE).run(
                    "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                    "--spring.quartz.auto-startup=false", "--iwd.etl.scheduling.enabled=false",
                    "--spring.datasource.url=" + databases.url("iwddm"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                    "--iwd.etl.info-mart.url=" + databases.url("gim"), "--iwd.etl.info-mart.username=postgres",
                    "--iwd.etl.info-mart.password=postgres",
                    "--iwd.etl.api.url=" + apiUrl, "--iwd.etl.api.datamart-api-key=" + DATAMART_KEY)) {
                etl.getBean(TenantSync.class).sync();
                Progress.done("tenant " + TENANT + " registered, Data Mart schema tenant_" + TENANT + " migrated");

                Progress.step("Running the intraday job (loadConfig, loadAgents, loadIntraday, aggregateIntraday)");
                long started = System.nanoTime();
                JobExecution execution = etl.getBean(EtlJobRunner.class).run(JobNames.INTRADAY, TENANT);
                if (execution.getStatus() != BatchStatus.COMPLETED) {
                    System.err.println("demo: the intraday job ended " + execution.getStatus() + ": "
                            + execution.getExitStatus().getExitDescription());
                    return 1;
                }
                long events = execution.getStepExecutions().stream().mapToLong(s -> s.getReadCount()).sum();
                Progress.done(events + " events loaded in " + (System.nanoTime() - started) / 1_000_000 + " ms");

                Progress.step("Running the nightly job (day aggregates, final tasks to the historical facts,"
                        + " retention, statistics)");
                JobExecution nightly = etl.getBean(EtlJobRunner.class).run(JobNames.NIGHTLY, TENANT);
                if (nightly.getStatus() != BatchStatus.COMPLETED) {
                    System.err.println("demo: the nightly job ended " + nightly.getStatus() + ": "
                            + nightly.getExitStatus().getExitDescription());
                    return 1;
                }
                Progress.done(nightly.getStepExecutions().stream()
                        .map(s -> s.getStepName() + " " + s.getWriteCount()).toList().toString());

                new DemoReport(etl.getBean(JdbcClient.class), "tenant_" + TENANT).print(System.out, day, totals);
            }
        }
        return 0;
    }
}
