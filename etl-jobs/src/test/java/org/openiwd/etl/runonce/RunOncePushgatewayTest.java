package org.openiwd.etl.runonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.springframework.beans.factory.annotation.Value;

/**
 * One-shot runs push their metrics to a real Pushgateway when they end, in the group of their job and tenant,
 * after a success and after a failure alike.
 */
class RunOncePushgatewayTest extends EtlWithApiTest {

    static PushgatewayServer pushgateway;

    @Value("${spring.datasource.url}")
    String dataMartUrl;

    @BeforeAll
    static void startPushgateway() throws Exception {
        pushgateway = PushgatewayServer.start();
    }

    @AfterAll
    static void stopPushgateway() throws Exception {
        pushgateway.close();
    }

    @Test
    void aRunPushesItsJobAndTenantGroupOnSuccessAndOnFailure() throws Exception {
        String importKey = provisionWithImportKey("pushed", "UTC");
        api(importKey).post().uri("/tasks").body(Map.of("captureId", "p1")).retrieve().toBodilessEntity();
        api(importKey).post().uri("/tasks").body(Map.of("captureId", "p2")).retrieve().toBodilessEntity();
        Thread.sleep(300);

        long before = System.currentTimeMillis() / 1000;
        assertThat(runOnce("intraday", "pushed", apiUrl())).isEqualTo(RunOnce.COMPLETED);

        String group = "application=\"etl-jobs\",instance=\"\",job=\"intraday\",tenant=\"pushed\"";
        String pushed = pushgateway.metrics();
        assertThat(value(pushed, "iwddm_job_last_success{" + group + "}")).isGreaterThanOrEqualTo(before - 1.0);
        assertThat(value(pushed, "iwddm_etl_stats_general_events{" + group + "}")).isEqualTo(2.0);
        assertThat(value(pushed, "iwddm_events_written_total{" + group + "}")).isEqualTo(2.0);
        assertThat(value(pushed, "iwddm_job_duration_seconds_count{" + withStatus(group, "COMPLETED") + "}"))
                .isEqualTo(1.0);
        assertThat(value(pushed, "push_time_seconds{instance=\"\",job=\"intraday\",tenant=\"pushed\"}"))
                .isGreaterThanOrEqualTo(before - 1.0);
        assertThat(pushed).doesNotContain("iwddm_job_last_fail{" + group);

        // The API is out of reach: the run fails, exits 1, and still pushes, now with its failure.
        assertThat(runOnce("intraday", "pushed", "http://127.0.0.1:1/iwd/v3")).isEqualTo(RunOnce.FAILED);
        pushed = pushgateway.metrics();
        assertThat(value(pushed, "iwddm_job_last_fail{" + group + "}")).isGreaterThanOrEqualTo(before - 1.0);
        assertThat(value(pushed, "iwddm_job_duration_seconds_count{" + withStatus(group, "FAILED") + "}"))
                .isEqualTo(1.0);
        assertThat(pushed).as("the group was replaced by the failed run's push")
                .doesNotContain("iwddm_job_duration_seconds_count{" + withStatus(group, "COMPLETED") + "}");
        assertThat(value(pushed, "iwddm_job_last_success{" + group + "}")).as("still known from the Data Mart")
                .isGreaterThanOrEqualTo(before - 1.0);
    }

    private int runOnce(String job, String tenant, String apiUrl) {
        String[] args = {"--run-once=" + job, "--tenant=" + tenant,
            "--spring.datasource.url=" + dataMartUrl, "--spring.datasource.username=iwd",
            "--spring.datasource.password=iwd", "--spring.datasource.hikari.maximum-pool-size=2",
            "--management.server.port=-1", "--iwd.etl.api.url=" + apiUrl, "--iwd.etl.api.max-attempts=1",
            "--iwd.etl.api.datamart-api-key=" + DATAMART_KEY,
            "--management.prometheus.metrics.export.pushgateway.enabled=true",
            "--management.prometheus.metrics.export.pushgateway.address=" + pushgateway.address()};
        return RunOnce.run(RunOnce.parse(args).orElseThrow(), args);
    }

    /** The Pushgateway sorts labels by name: {@code status} comes before {@code tenant}. */
    private static String withStatus(String group, String status) {
        return group.replace(",tenant=", ",status=\"" + status + "\",tenant=");
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series " + series + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
