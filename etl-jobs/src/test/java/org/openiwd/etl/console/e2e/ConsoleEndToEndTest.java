package org.openiwd.etl.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.schedule.TenantSchedules;
import org.openiwd.etl.tenant.TenantRegistry;
import org.openiwd.etl.tenant.TenantSync;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/**
 * The console in a real headless Chromium against the real application (web port, sessions in PostgreSQL) reading
 * the real IWD API in this JVM: sign in, launch the intraday chain for a tenant and watch it finish without
 * reloading, make a run fail and restart it, pause and resume a schedule, read the tenants page and the audit log.
 * Screenshots of each step go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.server.port=0",
    "iwd.console.users[0].username=admin",
    "iwd.console.users[0].password-hash=$2a$10$nRho5yDu80Acl6omrlu0YesDomU256Gc1hd7n0x.qx0DKptcmw.IC",
    "iwd.console.users[0].role=ADMIN"})
class ConsoleEndToEndTest extends EtlWithApiTest {

    @LocalServerPort
    int port;
    @Autowired
    TenantSync sync;
    @Autowired
    TenantRegistry tenants;
    @Autowired
    TenantSchedules schedules;

    ConsoleBrowser browser;
    RestClient importer;
    int events;

    @BeforeEach
    void tenantWithTasksAndABrowser() throws Exception {
        importer = api(provisionWithImportKey("e2e", "Europe/Paris"));
        long first = task("e2e-1", "2026-03-02T09:00:00Z");
        task("e2e-2", "2026-03-02T09:05:00Z");
        importer.post().uri("/tasks/{id}/complete", first).body(Map.of("occurredAt", "2026-03-02T09:20:00Z"))
                .retrieve().toBodilessEntity();
        events = 3;
        awaitFeedHead(events);
        schedules.reconcile(sync.sync());
        browser = new ConsoleBrowser("http://127.0.0.1:" + port);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOperatorRunsWatchesRepairsAndSchedulesTheEtlFromTheBrowser() throws Exception {
        browser.signIn("admin", "admin-secret");
        browser.screenshot("01-jobs-overview");

        // Launch the intraday chain; the page of the new execution follows it until it ends, without a reload.
        new Select(browser.find("#launch-tenant")).selectByValue("e2e");
        new Select(browser.find("#launch-job")).selectByValue("intraday");
        browser.find("#launch-parameters").sendKeys("reason=e2e");
        browser.find("#launch-button").click();
        browser.waitUntil("the new execution's page", ExpectedConditions.urlMatches("/console/executions/\\d+$"));
        browser.waitUntil("the run to complete", ExpectedConditions.textToBe(By.cssSelector("#status"),
                "COMPLETED"));
        browser.screenshot("02-intraday-completed");
        assertThat(browser.find("#steps").getText()).contains("loadConfig", "loadAgents", "loadIntraday",
                "aggregateIntraday");
        assertThat(browser.find("#parameters").getText()).contains("reason", "e2e");
        assertThat(count("SELECT count(*) FROM tenant_e2e.i_task_event_fact")).isEqualTo(events);

        // A run that fails: the Data Mart table the load writes is missing.
        task("e2e-3", "2026-03-02T10:00:00Z");
        awaitFeedHead(events + 1);
        jdbc.sql("ALTER TABLE tenant_e2e.i_task_event_fact RENAME TO i_task_event_fact_away").update();
        browser.open("/console");
        new Select(browser.find("#launch-tenant")).selectByValue("e2e");
        new Select(browser.find("#launch-job")).selectByValue("intraday");
        browser.find("#launch-button").click();
        browser.waitUntil("the run to fail", ExpectedConditions.textToBe(By.cssSelector("#status"), "FAILED"));
        // The live part shows the end first; the page then reloads whole (HX-Refresh) with the actions for it.
        browser.waitUntil("the restart action", ExpectedConditions.presenceOfElementLocated(By.id("restart")));
        assertThat(browser.find("#exit-message").getText()).contains("i_task_event_fact");
        browser.screenshot("03-intraday-failed");
        String failedUrl = browser.driver.getCurrentUrl();

        // Fixed; the restart resumes from the watermark and loads the new event.
        jdbc.sql("ALTER TABLE tenant_e2e.i_task_event_fact_away RENAME TO i_task_event_fact").update();
        browser.find("#restart").click();
        browser.waitUntil("the restarted execution's page",
                d -> !d.getCurrentUrl().equals(failedUrl) && d.getCurrentUrl().matches(".*/console/executions/\\d+$"));
        browser.waitUntil("the restart to complete", ExpectedConditions.textToBe(By.cssSelector("#status"),
                "COMPLETED"));
        browser.screenshot("04-restart-completed");
        assertThat(count("SELECT count(*) FROM tenant_e2e.i_task_event_fact")).isEqualTo(events + 1);

        browser.open("/console/executions?tenant=e2e");
        assertThat(browser.find("#executions").getText()).contains("FAILED", "COMPLETED");
        browser.screenshot("05-executions");

        // Pause and resume the tenant's intraday schedule: the Quartz trigger follows, and the choice is kept.
        browser.open("/console/schedules");
        browser.find("#schedule-e2e-intraday button.pause").click();
        browser.waitUntil("the paused state", ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#schedule-e2e-intraday .state"), "PAUSED"));
        assertThat(schedules.triggerState("e2e", "intraday")).isEqualTo(Trigger.TriggerState.PAUSED);
        assertThat(jdbc.sql("SELECT enabled FROM etl.tenant_schedule WHERE tenant_id = 'e2e' AND job_name = 'intraday'")
                .query(Boolean.class).single()).isFalse();
        browser.screenshot("06-schedule-paused");
        browser.find("#schedule-e2e-intraday button.resume").click();
        browser.waitUntil("the resumed state", ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#schedule-e2e-intraday .state"), "NORMAL"));
        assertThat(schedules.triggerState("e2e", "intraday")).isEqualTo(Trigger.TriggerState.NORMAL);

        browser.open("/console/tenants");
        assertThat(browser.find("#tenants").getText()).contains("e2e", "tenant_e2e");
        browser.screenshot("07-tenants");

        browser.open("/console/audit");
        assertThat(browser.find("#audit").getText()).contains("launch", "restart", "schedule.pause",
                "schedule.resume");
        browser.screenshot("08-audit");
        assertThat(count("SELECT count(*) FROM etl.spring_session WHERE principal_name = 'admin'"))
                .as("the session lives in the database").isEqualTo(1);
    }

    private long task(String captureId, String at) {
        return ((Number) importer.post().uri("/tasks").body(Map.of("captureId", captureId, "occurredAt", at))
                .retrieve().body(Map.class).get("id")).longValue();
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    /** Waits until the feed has positioned {@code expected} events of the tenant (the sequencer runs apart). */
    private void awaitFeedHead(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Map<?, ?> head = importer.get().uri("/reporting/events/head").retrieve().body(Map.class);
            long id = ((Number) head.get("id")).longValue();
            long positioned = jdbcApiEvents(id);
            if (positioned >= expected || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private long jdbcApiEvents(long headId) {
        return importer.get().uri("/reporting/events?after=0&limit=1000").retrieve().body(Map.class)
                .get("events") instanceof java.util.List<?> list ? list.size() : 0;
    }
}
