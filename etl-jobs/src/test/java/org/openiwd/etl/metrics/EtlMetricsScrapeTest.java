package org.openiwd.etl.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.client.RestClient;

/**
 * A real scrape of the management port's {@code /actuator/prometheus} after real job runs against the real API:
 * names, tags and values of the Data Mart's meters and Spring Batch's own, the Data Mart gauges served from the
 * cached snapshot, and {@code promtool check metrics} on the output when promtool is installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.server.port=0",
    "iwd.etl.api.max-attempts=1",
    "iwd.etl.metrics.snapshot-max-age=1h"})
class EtlMetricsScrapeTest extends EtlWithApiTest {

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void aScrapeAfterARunShowsTheRunPerTenantAndJobWithSpringBatchsOwnObservations() throws Exception {
        RestClient importer = api(provisionWithImportKey("metrics", "UTC"));
        long first = createdTask(importer, "m1", "2026-03-02T09:00:00Z");
        createdTask(importer, "m2", "2026-03-02T09:05:00Z");
        importer.post().uri("/tasks/{id}/complete", first).body(Map.of("occurredAt", "2026-03-02T09:20:00Z"))
                .retrieve().toBodilessEntity();
        long head = head(importer);
        tenants.sync();
        long before = System.currentTimeMillis() / 1000;

        assertThat(jobs.run(JobNames.INTRADAY, "metrics").getStatus()).isEqualTo(BatchStatus.COMPLETED);

        String scrape = scrape();
        String tenant = "application=\"etl-jobs\",job=\"intraday\",tenant=\"metrics\"";
        assertThat(value(scrape, "iwddm_job_last_start{" + tenant + "}")).isBetween(before - 1.0, now() + 1.0);
        assertThat(value(scrape, "iwddm_job_last_success{" + tenant + "}")).isBetween(before - 1.0, now() + 1.0);
        assertThat(scrape).doesNotContain("iwddm_job_last_fail{" + tenant);
        assertThat(value(scrape, "iwddm_etl_stats_general_events{" + tenant + "}")).isEqualTo(3.0);
        assertThat(value(scrape, "iwddm_events_read_total{application=\"etl-jobs\",tenant=\"metrics\"}"))
                .isEqualTo(3.0);
        assertThat(value(scrape, "iwddm_events_written_total{application=\"etl-jobs\",tenant=\"metrics\"}"))
                .isEqualTo(3.0);
        assertThat(value(scrape, "iwddm_events_quarantined_total{application=\"etl-jobs\",tenant=\"metrics\"}"))
                .isEqualTo(0.0);
        assertThat(value(scrape,
                "iwddm_watermark_event_id{application=\"etl-jobs\",feed=\"task\",tenant=\"metrics\"}"))
                .isEqualTo(head);
        double lagExpected = now() - java.time.Instant.parse("2026-03-02T09:20:00Z").getEpochSecond();
        assertThat(value(scrape, "iwddm_lag_seconds{application=\"etl-jobs\",tenant=\"metrics\"}"))
                .isCloseTo(lagExpected, within(5.0));
        assertThat(value(scrape, "iwddm_quarantine_events{application=\"etl-jobs\",tenant=\"metrics\"}"))
                .isEqualTo(0.0);
        assertThat(value(scrape, "iwddm_job_duration_seconds_count{application=\"etl-jobs\",job=\"intraday\","
                + "status=\"COMPLETED\",tenant=\"metrics\"}")).isEqualTo(1.0);
        assertThat(value(scrape, "iwddm_tenants{application=\"etl-jobs\"}")).isEqualTo(1.0);
        assertThat(scrape)
                .containsPattern("spring_batch_job_seconds_count\\{[^}]*spring_batch_job_name=\"intraday\""
                        + "[^}]*spring_batch_job_status=\"COMPLETED\"[^}]*} 1")
                .containsPattern("spring_batch_step_seconds_count\\{[^}]*spring_batch_step_name=\"loadIntraday\""
                        + "[^}]*} 1");
        promtoolAccepts(scrape);
    }

    @Test
    void theDataMartGaugesComeFromASnapshotThatAJobEndRefreshesAndAFailedRunIsReported() throws Exception {
        api(provisionWithImportKey("cached", "UTC"));
        tenants.sync();
        assertThat(jobs.run(JobNames.LOAD_INTRADAY, "cached").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String quarantine = "iwddm_quarantine_events{application=\"etl-jobs\",tenant=\"cached\"}";
        assertThat(value(scrape(), quarantine)).isEqualTo(0.0);

        jdbc.sql("INSERT INTO tenant_cached.etl_quarantine (feed, event_id, raw_payload, reason, etl_audit_key)"
                + " VALUES ('task', 7, '{}', 'test', 0)").update();
        assertThat(value(scrape(), quarantine)).as("served from the snapshot, no query per scrape").isEqualTo(0.0);

        // The tenant vanishes from the API: its next run fails on the feed, and the failure is what shows.
        api(ADMIN_KEY).delete().uri("/provisioning/cached").retrieve().toBodilessEntity();
        assertThat(jobs.run(JobNames.LOAD_INTRADAY, "cached").getStatus()).isEqualTo(BatchStatus.FAILED);

        String scrape = scrape();
        String tags = "application=\"etl-jobs\",job=\"loadIntraday\",tenant=\"cached\"";
        assertThat(value(scrape, quarantine)).as("refreshed by the job's end").isEqualTo(1.0);
        assertThat(value(scrape, "iwddm_job_last_fail{" + tags + "}")).isCloseTo(now(), within(5.0));
        assertThat(value(scrape, "iwddm_job_last_success{" + tags + "}"))
                .isLessThanOrEqualTo(value(scrape, "iwddm_job_last_fail{" + tags + "}"));
        assertThat(value(scrape, "iwddm_job_duration_seconds_count{application=\"etl-jobs\",job=\"loadIntraday\","
                + "status=\"FAILED\",tenant=\"cached\"}")).isEqualTo(1.0);
        assertThat(jdbc.sql("SELECT last_status FROM tenant_cached.etl_job_status WHERE job_name = 'loadIntraday'")
                .query(String.class).single()).isEqualTo("FAILED");
    }

    private String scrape() {
        return RestClient.create("http://127.0.0.1:" + managementPort).get().uri("/actuator/prometheus")
                .header("Accept", "text/plain").retrieve().body(String.class);
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series " + series + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /**
     * {@code promtool check metrics}: 0 is clean, 3 is lint warnings only (printed), anything else fails. Without
     * promtool the check is skipped on a developer's machine but fails under CI (environment {@code CI} set), as
     * in iwd-api's {@code PrometheusScrapeTest}: scripts/services.sh installs it.
     */
    private static void promtoolAccepts(String scrape) throws Exception {
        Optional<Path> promtool = Optional.of(Path.of("/usr/bin/promtool")).filter(Files::isExecutable);
        if (promtool.isEmpty() && System.getenv("CI") != null) {
            Assertions.fail("promtool is not installed (scripts/services.sh installs Debian's prometheus package):"
                    + " CI must lint the scrape");
        }
        Assumptions.assumeTrue(promtool.isPresent(), "promtool is not installed");
        Process p = new ProcessBuilder(promtool.get().toString(), "check", "metrics").redirectErrorStream(true)
                .start();
        p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        System.out.println("promtool check metrics: exit " + p.exitValue() + "\n" + output);
        assertThat(p.exitValue()).as(output).isIn(0, 3);
        assertThat(output).as("no lint on the Data Mart's own meters").doesNotContain("iwddm_");
    }

    private static long createdTask(RestClient importer, String captureId, String at) {
        return ((Number) importer.post().uri("/tasks").body(Map.of("captureId", captureId, "occurredAt", at))
                .retrieve().body(Map.class).get("id")).longValue();
    }

    private static long head(RestClient importer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long head;
        do {
            Thread.sleep(100);
            head = ((Number) importer.get().uri("/reporting/events/head").retrieve().body(Map.class).get("id"))
                    .longValue();
        }
        while (head < 3 && System.nanoTime() < deadline);
        return head;
    }
}
