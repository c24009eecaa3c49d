package org.openiwd.etl.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlJobsApplication;
import org.openiwd.etl.EtlWithApiTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Exactly once, proof 4: two scheduler nodes on one database, both firing a tenant's trigger every two seconds
 * for a while: every firing runs at most once, and no two runs of the tenant overlap.
 */
@TestPropertySource(properties = {"iwd.etl.scheduling.enabled=true", "spring.quartz.auto-startup=true",
    "iwd.etl.scheduling.tenant-sync-interval=300ms"})
class TwoSchedulerNodesTest extends EtlWithApiTest {

    static ConfigurableApplicationContext nodeB;

    @Value("${spring.datasource.url}")
    String dataMartUrl;

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    record Run(Instant start, Instant end, String scheduledAt, String node) {
    }

    @Test
    void eachFiringRunsOnceAndATenantsRunsNeverOverlap() throws Exception {
        String importKey = provisionWithImportKey("nodes", "UTC");
        api(importKey).post().uri("/tasks").body(Map.of("captureId", "c1")).retrieve().toBodilessEntity();
        nodeB = EtlJobsApplication.builder().web(WebApplicationType.NONE).run(
                "--spring.datasource.url=" + dataMartUrl, "--spring.datasource.username=iwd",
                "--spring.datasource.password=iwd", "--spring.datasource.hikari.maximum-pool-size=4",
                "--management.server.port=-1", "--iwd.etl.api.url=" + apiUrl(),
                "--iwd.etl.api.datamart-api-key=" + DATAMART_KEY, "--iwd.etl.info-mart.url=" + gim.url(),
                "--iwd.etl.scheduling.tenant-sync-interval=300ms");
        waitForSchedule();
        jdbc.sql("UPDATE etl.tenant_schedule SET cron = '*/2 * * * * ?' WHERE tenant_id = 'nodes'"
                + " AND job_name = 'intraday'").update();
        // A node's scheduler thread may hold the trigger it acquired before the change (its old fire time) or
        // sleep out Quartz's idle wait (30 s) before it sees the new cron: wait for the runs, not a fixed time.
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (runs().size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        jdbc.sql("UPDATE etl.tenant_schedule SET enabled = false WHERE tenant_id = 'nodes'").update();
        Thread.sleep(3_000);

        List<Run> runs = runs();
        assertThat(runs).as("runs fired by the two nodes").hasSizeGreaterThanOrEqualTo(4);
        assertThat(runs.stream().map(Run::scheduledAt).toList()).as("each firing ran once").doesNotHaveDuplicates();
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).start()).as("run " + i + " starts after run " + (i - 1) + " ended")
                    .isAfterOrEqualTo(runs.get(i - 1).end());
        }
        System.out.println("nodes that ran: " + runs.stream().map(Run::node).distinct().toList());
    }

    private List<Run> runs() {
        return new ArrayList<>(jdbc.sql("""
                SELECT e.start_time, e.end_time, s.parameter_value, n.parameter_value
                FROM etl.batch_job_execution e
                JOIN etl.batch_job_instance i USING (job_instance_id)
                JOIN etl.batch_job_execution_params t ON t.job_execution_id = e.job_execution_id
                    AND t.parameter_name = 'tenant' AND t.parameter_value = 'nodes'
                JOIN etl.batch_job_execution_params s ON s.job_execution_id = e.job_execution_id
                    AND s.parameter_name = 'scheduledAt'
                JOIN etl.batch_job_execution_params n ON n.job_execution_id = e.job_execution_id
                    AND n.parameter_name = 'node'
                WHERE i.job_name = 'intraday' ORDER BY e.start_time""")
                // A run still going has no end yet: it ends after everything, so a later start would overlap it.
                .query((rs, i) -> new Run(rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2) == null ? Instant.MAX : rs.getTimestamp(2).toInstant(),
                        rs.getString(3), rs.getString(4)))
                .list());
    }

    private void waitForSchedule() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (jdbc.sql("SELECT count(*) FROM etl.tenant_schedule WHERE tenant_id = 'nodes'").query(Long.class)
                .single() == 0) {
            assertThat(System.nanoTime()).as("the tenant to be scheduled").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
