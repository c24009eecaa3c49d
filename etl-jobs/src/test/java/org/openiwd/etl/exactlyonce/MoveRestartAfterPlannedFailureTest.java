package org.openiwd.etl.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Exactly once for {@code nightly}'s move: it fails on purpose in its fourth batch (a trigger of the test refuses
 * one task's historical row), leaving three batches moved, every task wholly on one side and every blended view as
 * it was; the failed execution is restarted, and the Data Mart holds exactly the rows of a clean run.
 */
@TestPropertySource(properties = {"iwd.etl.nightly.batch-size=10", "iwd.etl.nightly.retention.facts=10y",
    "iwd.etl.nightly.retention.fifteen-minute=10y", "iwd.etl.nightly.retention.daily=10y"})
class MoveRestartAfterPlannedFailureTest extends EtlWithApiTest {

    static final String TENANT = "moverestart";
    static final String SCHEMA = "tenant_moverestart";

    @Test
    void restartAfterAFailureMidMoveGivesTheRowsOfACleanRun() throws Exception {
        RestClient api = api(provisionWithImportKey(TENANT, "Europe/Paris"));
        api.post().uri("/departments").body(Map.of("id", "d", "name", "D")).retrieve().toBodilessEntity();
        api.post().uri("/processes").body(Map.of("id", "p", "name", "P", "parentId", "d")).retrieve()
                .toBodilessEntity();
        RestartAfterPlannedFailureTest.replay(api, 80);
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<Long> finals = jdbc.sql("SELECT task_id FROM %s.i_task_fact WHERE finished_at IS NOT NULL ORDER BY 1"
                .formatted(SCHEMA)).query(Long.class).list();
        assertThat(finals).hasSizeGreaterThan(40);
        long failAt = finals.get(34);
        // nightly's first step writes the day rows of the closed days: done here first, so the snapshots
        // compare what the move changes.
        aggregateClosedDays(TENANT);
        Map<String, List<String>> beforeMove = blended(DataMartSnapshot.of(jdbc, SCHEMA));

        jdbc.sql("""
                CREATE FUNCTION %1$s.planned_failure() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'planned failure at task %%', NEW.task_id;
                END $$;
                CREATE TRIGGER planned_failure BEFORE INSERT ON %1$s.h_task_fact
                    FOR EACH ROW WHEN (NEW.task_id = %2$d) EXECUTE FUNCTION %1$s.planned_failure()"""
                .formatted(SCHEMA, failAt)).update();
        JobExecution failed = jobs.run(JobNames.NIGHTLY, TENANT);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(count("h_task_fact")).as("three batches of ten committed").isEqualTo(30);
        for (String fact : new String[] {"task_fact", "task_event_fact", "task_work_fact"}) {
            assertThat(count("h_%1$s h WHERE EXISTS (SELECT 1 FROM %2$s.i_%1$s i WHERE i.task_id = h.task_id)"
                    .formatted(fact, SCHEMA))).as("no task half moved in " + fact).isZero();
        }
        assertThat(blended(DataMartSnapshot.of(jdbc, SCHEMA))).isEqualTo(beforeMove);

        jdbc.sql("DROP TRIGGER planned_failure ON %s.h_task_fact".formatted(SCHEMA)).update();
        assertThat(jobs.restart(failed).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, List<String>> afterRestart = DataMartSnapshot.of(jdbc, SCHEMA);
        assertThat(count("h_task_fact")).isEqualTo(finals.size());
        assertThat(blended(afterRestart)).isEqualTo(beforeMove);

        // The clean run: the same feed into a Data Mart built from nothing, loaded, then moved in one go.
        jdbc.sql("DROP SCHEMA %s CASCADE".formatted(SCHEMA)).update();
        jdbc.sql("DELETE FROM etl.tenant WHERE tenant_id = ?").param(TENANT).update();
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jobs.run(JobNames.NIGHTLY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(DataMartSnapshot.of(jdbc, SCHEMA)).isEqualTo(afterRestart);
    }

    private long count(String tableAndCondition) {
        return jdbc.sql("SELECT count(*) FROM " + SCHEMA + "." + tableAndCondition).query(Long.class).single();
    }

    private static Map<String, List<String>> blended(Map<String, List<String>> snapshot) {
        Map<String, List<String>> blended = new HashMap<>(snapshot);
        blended.remove("historical");
        return blended;
    }
}
