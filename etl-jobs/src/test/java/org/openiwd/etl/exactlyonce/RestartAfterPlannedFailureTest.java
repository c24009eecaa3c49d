package org.openiwd.etl.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Exactly once, proof 1: the load fails on purpose at event N (a trigger of the test refuses that row), the
 * failed execution is restarted, and the Data Mart holds exactly the rows of a clean run of the same feed.
 */
@TestPropertySource(properties = {"iwd.etl.load.page-size=50", "iwd.etl.load.pages-per-transaction=2"})
class RestartAfterPlannedFailureTest extends EtlWithApiTest {

    static final String TENANT = "restart";
    static final String SCHEMA = "tenant_restart";

    @Test
    void restartAfterAFailureAtItemNWritesEachEventOnce() throws Exception {
        RestClient api = api(provisionWithImportKey(TENANT, "Europe/Paris"));
        api.post().uri("/departments").body(Map.of("id", "d", "name", "D")).retrieve().toBodilessEntity();
        api.post().uri("/processes").body(Map.of("id", "p", "name", "P", "parentId", "d")).retrieve()
                .toBodilessEntity();
        replay(api, 80);
        tenants.sync();
        long head = ((Number) api.get().uri("/reporting/events/head").retrieve().body(Map.class).get("id"))
                .longValue();
        long failAt = head / 2;

        jdbc.sql("""
                CREATE TABLE %1$s.fault_armed (on_event bigint);
                INSERT INTO %1$s.fault_armed VALUES (%2$d);
                CREATE FUNCTION %1$s.planned_failure() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM %1$s.fault_armed WHERE on_event = NEW.event_id) THEN
                        RAISE EXCEPTION 'planned failure at event %%', NEW.event_id;
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER planned_failure BEFORE INSERT ON %1$s.i_task_event_fact
                    FOR EACH ROW EXECUTE FUNCTION %1$s.planned_failure()""".formatted(SCHEMA, failAt)).update();

        JobExecution failed = jobs.run(JobNames.INTRADAY, TENANT);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.getExitStatus().getExitDescription()).as("the database's own error, through the COPY")
                .contains("planned failure at event " + failAt);
        long watermark = jdbc.sql("SELECT last_event_id FROM %s.etl_watermark WHERE feed = 'task'"
                .formatted(SCHEMA)).query(Long.class).single();
        assertThat(watermark).as("stopped before the failing page").isLessThan(failAt).isPositive();
        assertThat(jdbc.sql("SELECT max(event_id) FROM %s.i_task_event_fact".formatted(SCHEMA)).query(Long.class)
                .single()).as("nothing of the failed page").isLessThanOrEqualTo(watermark);

        jdbc.sql("DELETE FROM %s.fault_armed".formatted(SCHEMA)).update();
        JobExecution restarted = jobs.restart(failed);
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, List<String>> afterRestart = DataMartSnapshot.of(jdbc, SCHEMA);
        assertThat(afterRestart.get("task_event_fact")).hasSize((int) jdbc.sql(
                "SELECT count(*) FROM %s.i_task_event_fact".formatted(SCHEMA)).query(Long.class).single().longValue());

        // The clean run: the same feed into a Data Mart built from nothing.
        jdbc.sql("DROP SCHEMA %s CASCADE".formatted(SCHEMA)).update();
        jdbc.sql("DELETE FROM etl.tenant WHERE tenant_id = ?").param(TENANT).update();
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, List<String>> clean = DataMartSnapshot.of(jdbc, SCHEMA);

        assertThat(afterRestart.get("task_event_fact")).hasSizeGreaterThan(200);
        assertThat(afterRestart).isEqualTo(clean);
    }

    /** {@code tasks} tasks over a past morning, each created, queued, assigned and mostly finished. */
    static void replay(RestClient api, int tasks) {
        Random random = new Random(7);
        Instant start = Instant.parse("2026-03-02T07:00:00Z");
        for (int i = 0; i < tasks; i++) {
            Instant at = start.plusSeconds(random.nextInt(4 * 3600));
            Object id = api.post().uri("/tasks").body(Map.of("captureId", "r" + i, "processId", "p",
                    "queueId", "q" + random.nextInt(3), "occurredAt", at.toString(),
                    "dueAt", at.plusSeconds(3600).toString())).retrieve().body(Map.class).get("id");
            at = at.plusSeconds(60 + random.nextInt(1800));
            api.post().uri("/tasks/{id}/assign", id).body(Map.of("agentId", "E100" + (1 + random.nextInt(6)),
                    "occurredAt", at.toString())).retrieve().toBodilessEntity();
            if (random.nextInt(5) > 0) {
                at = at.plusSeconds(60 + random.nextInt(3600));
                api.post().uri("/tasks/{id}/{action}", id, random.nextInt(8) == 0 ? "cancel" : "complete")
                        .body(Map.of("occurredAt", at.toString())).retrieve().toBodilessEntity();
            }
        }
    }
}
