package org.openiwd.etl.runonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.lock.TenantLock;
import org.openiwd.etl.recovery.DeadProcess;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * One-shot mode against the real API and Data Mart database: each exit status for what a CronJob can meet, and
 * the lock shared with every other launch.
 */
class RunOnceTest extends EtlWithApiTest {

    @Autowired
    TenantLock lock;
    @Autowired
    JobRepository repository;
    @Value("${spring.datasource.url}")
    String dataMartUrl;

    @Test
    void exitsZeroWhenTheJobCompletesAndThreeWhileAnotherRunHoldsTheTenant() {
        String importKey = provisionWithImportKey("once", "UTC");
        api(importKey).post().uri("/tasks").body(Map.of("captureId", "c1")).retrieve().toBodilessEntity();

        assertThat(runOnce("intraday", "once")).isEqualTo(RunOnce.COMPLETED);
        assertThat(jdbc.sql("SELECT count(*) FROM tenant_once.i_task_fact").query(Long.class).single())
                .as("the one-shot run registered the tenant and loaded its task").isOne();
        assertThat(runOnce("nightly", "once")).isEqualTo(RunOnce.COMPLETED);
        assertThat(jdbc.sql("SELECT count(*) FROM tenant_once.etl_stats_general WHERE job_name = 'nightly'")
                .query(Long.class).single()).isOne();

        try (TenantLock.Held held = lock.tryAcquire("once", "nightly").orElseThrow()) {
            assertThat(runOnce("intraday", "once")).isEqualTo(RunOnce.LOCKED);
        }
        assertThat(runOnce("intraday", "once")).as("free again").isEqualTo(RunOnce.COMPLETED);
    }

    @Test
    void aRunAfterAKilledRunRecoversItAndTakesTheLeaseItLeftBehind() {
        String importKey = provisionWithImportKey("killed", "UTC");
        api(importKey).post().uri("/tasks").body(Map.of("captureId", "c1")).retrieve().toBodilessEntity();
        tenants.sync();
        DeadProcess.Left left = new DeadProcess(repository, jdbc)
                .leave(JobNames.INTRADAY, JobNames.LOAD_INTRADAY, "killed", "1 hour", true);

        assertThat(runOnce("intraday", "killed")).as("not LOCKED by the dead pod's lease")
                .isEqualTo(RunOnce.COMPLETED);
        assertThat(repository.getJobExecution(left.id()).getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(runOnce("intraday", "killed", "--restart=" + left.id())).as("and it can be restarted")
                .isEqualTo(RunOnce.COMPLETED);
    }

    @Test
    void badArgumentsAndUnknownTenantsAreRefusedClearly() {
        assertThat(runOnce("explode", "once")).isEqualTo(RunOnce.USAGE);
        assertThat(RunOnce.run(new RunOnce.Request("intraday", ""), new String[0])).isEqualTo(RunOnce.USAGE);
        assertThat(runOnce("intraday", "nobody")).isEqualTo(RunOnce.FAILED);
        assertThat(RunOnce.parse(new String[] {"--server.port=1"})).isEqualTo(Optional.empty());
        assertThat(RunOnce.parse(new String[] {"--run-once=intraday", "--tenant=7"}))
                .contains(new RunOnce.Request("intraday", "7"));
    }

    @Test
    void aRestartIsRefusedForAnUnknownExecutionOrOneOfAnotherJobOrTenant() {
        String importKey = provisionWithImportKey("again", "UTC");
        provisionWithImportKey("other", "UTC");
        api(importKey).post().uri("/tasks").body(Map.of("captureId", "c1")).retrieve().toBodilessEntity();
        assertThat(runOnce("intraday", "again")).isEqualTo(RunOnce.COMPLETED);
        long done = jdbc.sql("SELECT max(job_execution_id) FROM etl.batch_job_execution").query(Long.class).single();

        assertThat(runOnce("intraday", "again", "--restart=x")).isEqualTo(RunOnce.USAGE);
        assertThat(runOnce("intraday", "again", "--restart=99999")).isEqualTo(RunOnce.USAGE);
        assertThat(runOnce("loadIntraday", "again", "--restart=" + done)).isEqualTo(RunOnce.USAGE);
        assertThat(runOnce("intraday", "other", "--restart=" + done)).isEqualTo(RunOnce.USAGE);
        assertThat(runOnce("intraday", "again", "--restart=" + done)).as("a completed run does not restart")
                .isEqualTo(RunOnce.USAGE);
        assertThat(RunOnce.parse(new String[] {"--run-once=intraday", "--tenant=7", "--restart=12"}))
                .contains(new RunOnce.Request("intraday", "7", Optional.of("12")));
    }

    private int runOnce(String job, String tenant, String... extra) {
        String[] args = {"--run-once=" + job, "--tenant=" + tenant,
            "--spring.datasource.url=" + dataMartUrl, "--spring.datasource.username=iwd",
            "--spring.datasource.password=iwd", "--spring.datasource.hikari.maximum-pool-size=2",
            "--management.server.port=-1", "--iwd.etl.api.url=" + apiUrl(),
            "--iwd.etl.api.datamart-api-key=" + DATAMART_KEY};
        args = Stream.concat(Arrays.stream(args), Arrays.stream(extra))
                .toArray(String[]::new);
        return RunOnce.run(RunOnce.parse(args).orElseThrow(), args);
    }
}
