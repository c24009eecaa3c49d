package org.openiwd.etl.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Without a restart: a tenant provisioned in IWD is registered and scheduled in its time zone, its Quartz trigger
 * runs the job, and a tenant deleted from IWD is no longer scheduled.
 */
@TestPropertySource(properties = {"iwd.etl.scheduling.enabled=true", "spring.quartz.auto-startup=true",
    "iwd.etl.scheduling.tenant-sync-interval=300ms"})
class TenantSchedulingTest extends EtlWithApiTest {

    @Autowired
    TenantSchedules schedules;
    @Autowired
    TenantRegistry registry;

    @Test
    void aNewTenantIsScheduledInItsZoneRunsByQuartzAndADeletedOneStops() throws Exception {
        String importKey = provisionWithImportKey("sched", "America/New_York");
        api(importKey).post().uri("/tasks").body(Map.of("captureId", "c1")).retrieve().toBodilessEntity();

        waitFor(() -> trigger("sched") != null, "the trigger of the new tenant");
        assertThat(schedules.trigger("sched", "intraday").getCronExpression()).isEqualTo("0 */15 * * * ?");
        assertThat(schedules.trigger("sched", "intraday").getTimeZone().getID()).isEqualTo("America/New_York");
        assertThat(schedules.trigger("sched", "initialize").getCronExpression()).isEqualTo("0 5 0 * * ?");
        waitFor(() -> jdbc.sql("SELECT count(*) FROM tenant_sched.date_time").query(Long.class).single() > 70_000,
                "initialize, fired at once for the new tenant, to fill its calendar");

        // Every second, so the test need not wait for a quarter-hour (the API refuses this; the table does not).
        jdbc.sql("UPDATE etl.tenant_schedule SET cron = '* * * * * ?' WHERE tenant_id = 'sched'"
                + " AND job_name = 'intraday'").update();
        waitFor(() -> jdbc.sql("SELECT count(*) FROM tenant_sched.i_task_fact").query(Long.class).single() == 1,
                "a run fired by Quartz to load the task");

        api(ADMIN_KEY).delete().uri("/provisioning/sched").retrieve().toBodilessEntity();
        waitFor(() -> trigger("sched") == null, "the trigger of the deleted tenant to go");
        assertThat(registry.find("sched")).isEmpty();
    }

    @Test
    void schedulesFiringLessThanThreeMinutesApartAreRefused() {
        TenantSchedules.validate("0 */15 * * * ?");
        TenantSchedules.validate("0 0/3 * * * ?");
        assertThatThrownBy(() -> TenantSchedules.validate("0 */2 * * * ?"))
                .hasMessageContaining("less than 3 minutes apart");
        assertThatThrownBy(() -> TenantSchedules.validate("every day")).hasMessageContaining("not a Quartz cron");
    }

    private Object trigger(String tenant) {
        try {
            return schedules.trigger(tenant, "intraday");
        }
        catch (org.quartz.JobPersistenceException e) {
            // Outside a transaction Quartz stores a trigger's rows one statement at a time: a read in between
            // finds half a trigger. It is not there yet.
            return null;
        }
        catch (org.quartz.SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
