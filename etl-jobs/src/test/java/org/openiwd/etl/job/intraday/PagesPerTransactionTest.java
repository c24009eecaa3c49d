package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openiwd.etl.ImportedTasks.create;
import static org.openiwd.etl.ImportedTasks.departmentWithProcesses;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * {@code loadIntraday} takes several consecutive feed pages per transaction and stops at the first page that is
 * not full: 14 events in pages of 2, three pages per transaction, are three transactions (6, 6 and 2 events), each
 * with its watermark, and every event loaded once.
 */
@TestPropertySource(properties = {"iwd.etl.load.page-size=2", "iwd.etl.load.pages-per-transaction=3"})
class PagesPerTransactionTest extends EtlWithApiTest {

    static final String TENANT = "batched";

    @Test
    void aTransactionTakesFullPagesUpToItsNumberAndTheLoadEndsAtAPageNotFull() throws Exception {
        RestClient importer = api(provisionWithImportKey(TENANT, "UTC"));
        departmentWithProcesses(importer, "d", "p");
        for (int i = 0; i < 7; i++) {
            // a classified task: Created and Queued
            create(importer, "T" + i, "crm", "p", null, null, "2026-03-02T09:0" + i + ":00Z", null);
        }
        awaitFeed(importer, 14);
        tenants.sync();

        JobExecution run = jobs.run(JobNames.INTRADAY, TENANT);
        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        StepExecution load = run.getStepExecutions().stream()
                .filter(step -> step.getStepName().equals("loadIntraday")).findFirst().orElseThrow();
        assertThat(load.getCommitCount()).as("6 + 6 + 2 events").isEqualTo(3);
        assertThat(load.getReadCount()).isEqualTo(14);
        assertThat(jdbc.sql("SELECT count(DISTINCT event_id) || ' ' || count(*) FROM tenant_batched.i_task_event_fact")
                .query(String.class).single()).isEqualTo("14 14");
        assertThat(jdbc.sql("SELECT count(*) FROM tenant_batched.i_task_fact").query(Long.class).single())
                .isEqualTo(7);
        assertThat(jdbc.sql("SELECT last_event_id FROM tenant_batched.etl_watermark WHERE feed = 'task'")
                .query(Long.class).single()).isEqualTo(jdbc.sql("SELECT max(event_id) FROM "
                        + "tenant_batched.i_task_event_fact").query(Long.class).single());
    }

    /** Waits until the feed serves {@code events} events (the API gives positions just after commit). */
    private static void awaitFeed(RestClient api, int events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int served;
        do {
            List<?> page = (List<?>) api.get().uri("/reporting/events?after=0&limit=100").retrieve()
                    .body(Map.class).get("events");
            served = page.size();
            if (served < events) {
                Thread.sleep(50);
            }
        }
        while (served < events && System.nanoTime() < deadline);
        assertThat(served).isEqualTo(events);
    }
}
