package org.openiwd.email.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.email.EmailIngestApplication;
import org.openiwd.email.RealApi;
import org.openiwd.email.mailbox.MailboxRegistry;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole email service as {@code ./iwd up} runs it, against the real API: its management port serves every
 * alert metric of a mailbox at 0 as soon as the mailbox is loaded, before any mail, and readiness follows the API.
 */
class PrometheusEndpointTest {

    static RealApi api;
    static ConfigurableApplicationContext service;
    static String tenant = "p" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        api = RealApi.start("email_metrics");
        // Port 9: nothing listens there, so the mailbox's rounds fail fast without touching a real server.
        api.createMailbox(api.provision(tenant), "support", 9, "support", "secret", 0, Map.of());
        service = EmailIngestApplication.builder().run("--server.port=0",
                "--iwd.email.api.url=" + api.url(), "--iwd.email.api.email-api-key=" + RealApi.EMAIL_KEY,
                "--iwd.email.redis.key-prefix=test-" + UUID.randomUUID(),
                "--iwd.email.mailboxes.reload-interval=1h",
                // The API on the test class path brings JDBC; the service itself has no database.
                "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
    }

    @AfterAll
    static void stop() {
        service.close();
        api.close();
    }

    private static String get(String path, String accept) throws Exception {
        String port = service.getEnvironment().getRequiredProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).header("accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Test
    void everyAlertMetricOfALoadedMailboxIsServedBeforeAnyMail() throws Exception {
        service.getBean(MailboxRegistry.class).reload();
        String scrape = get("/actuator/prometheus", "text/plain");
        String labels = "mailbox=\"support\",tenant=\"" + tenant + "\"";
        assertThat(scrape)
                .containsPattern("iwdEmail_inbound_emails_processed_total\\{[^}]*" + labels + "[^}]*} 0.0")
                .containsPattern("iwdEmail_inbound_emails_failed_total\\{[^}]*" + labels)
                .containsPattern("iwdEmail_inbound_emails_blocked_total\\{[^}]*" + labels)
                .containsPattern("iwdEmail_outbound_emails_sent_total\\{[^}]*" + labels)
                .containsPattern("iwdEmail_outbound_emails_failed_total\\{[^}]*" + labels)
                .containsPattern("iwdEmail_connection_status\\{[^}]*protocol=\"imap\"")
                .containsPattern("iwdEmail_connection_status\\{[^}]*protocol=\"smtp\"")
                .contains("iwdEmail_inbound_processing_duration_seconds_bucket")
                .contains("iwdEmail_outbound_processing_duration_seconds_bucket");
    }

    @Test
    void readinessIsUpWithTheApiAndItsClusterEmailKey() throws Exception {
        assertThat(get("/actuator/health/readiness", "application/json")).contains("\"status\":\"UP\"");
    }
}
