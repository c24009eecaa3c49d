package org.openiwd.email.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.api.IwdApiApplication;
import org.openiwd.email.EmailProperties;
import org.openiwd.sql.testing.TestDatabase;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/** The email service's readiness follows the real IWD API and its cluster email key. */
class IwdApiHealthIndicatorTest {

    static TestDatabase db;
    static ConfigurableApplicationContext api;
    static String url;

    @BeforeAll
    static void startApi() {
        db = TestDatabase.create("email_health");
        api = IwdApiApplication.builder().run(
                "--iwd.api.redis.key-prefix=test-" + java.util.UUID.randomUUID(),"--server.port=0", "--management.server.port=0",
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(), "--spring.datasource.hikari.maximum-pool-size=2",
                "--iwd.api.email-api-key=cluster-email", "--iwd.api.search.backend=postgres");
        url = "http://127.0.0.1:" + api.getEnvironment().getRequiredProperty("local.server.port") + "/iwd/v3";
    }

    @AfterAll
    static void stopApi() {
        api.close();
        db.close();
    }

    @Test
    void upWithTheClusterEmailKey() {
        assertThat(indicator(url, "cluster-email").health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWhenTheKeyIsRefused() {
        var health = indicator(url, "wrong").health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("status", 401);
    }

    @Test
    void downWhenTheApiCannotBeReached() {
        var health = indicator("http://127.0.0.1:9/iwd/v3", "cluster-email").health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("error");
    }

    private static IwdApiHealthIndicator indicator(String apiUrl, String key) {
        return new IwdApiHealthIndicator(EmailProperties.withApi(new EmailProperties.Api(java.net.URI.create(apiUrl), key,
                java.time.Duration.ofSeconds(2))));
    }
}
