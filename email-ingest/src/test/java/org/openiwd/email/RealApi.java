package org.openiwd.email;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.openiwd.api.IwdApiApplication;
import org.openiwd.email.api.IwdEmailApi;
import org.openiwd.sql.testing.TestDatabase;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real IWD API for the email service's tests: started in this JVM on a random port with its own database
 * ({@link TestDatabase}), Redis key prefix, admin key, cluster email key and mailbox encryption key, given as
 * command-line arguments so that they win over iwd-api.yml as a deployment's settings would.
 */
public final class RealApi implements AutoCloseable {

    public static final String ADMIN_KEY = "email-test-admin-key";
    public static final String EMAIL_KEY = "email-test-cluster-email-key";
    public static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    /** The limits of the tests (small, so that the corpus stays small): 64 kB per attachment, 200 kB per message. */
    public static final EmailProperties.Limits LIMITS = new EmailProperties.Limits(DataSize.ofKilobytes(64),
            DataSize.ofKilobytes(200), EmailProperties.Limits.DEFAULT_BLOCKED);

    private final TestDatabase db;
    private final ConfigurableApplicationContext context;
    private final String url;
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private RealApi(String name) {
        db = TestDatabase.create(name);
        context = IwdApiApplication.builder().run(
                "--iwd.api.redis.key-prefix=test-" + UUID.randomUUID(),
                "--server.port=0",
                "--management.server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--iwd.api.admin-api-key=" + ADMIN_KEY,
                "--iwd.api.email-api-key=" + EMAIL_KEY,
                "--iwd.api.email.encryption-key=" + ENCRYPTION_KEY,
                "--iwd.api.email.max-attachment-size=64KB",
                "--iwd.api.email.max-message-size=200KB",
                "--iwd.api.redis.requests-per-second-per-key=0",
                "--iwd.api.search.backend=postgres");
        url = "http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port") + "/iwd/v3";
    }

    public static RealApi start(String name) {
        return new RealApi(name);
    }

    public String url() {
        return url;
    }

    /** A client of the real API that never throws on 4xx/5xx. */
    public RestClient client(String key) {
        return RestClient.builder().baseUrl(url).defaultHeader("x-api-key", key)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    /** Provisions a tenant; returns its tenant key. */
    @SuppressWarnings("unchecked")
    public String provision(String tenantId) {
        Map<String, Object> created = client(ADMIN_KEY).post().uri("/provisioning")
                .body(Map.of("id", tenantId, "name", "Tenant " + tenantId, "timeZone", "Europe/Paris"))
                .retrieve().body(Map.class);
        Map<String, String> keys = (Map<String, String>) created.get("apiKeys");
        return keys.get("tenant");
    }

    /** Creates an IMAP mailbox on 127.0.0.1 without TLS, sending through {@code smtpPort} unless it is 0. */
    public void createMailbox(String tenantKey, String id, int imapPort, String user, String password, int smtpPort,
            Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("name", "Mailbox " + id);
        body.put("type", "imap");
        body.put("address", user.contains("@") ? user : user + "@example.com");
        body.put("pollInterval", "PT5S");
        body.put("inbound", Map.of("host", "127.0.0.1", "port", imapPort, "security", "none", "user", user,
                "auth", "password", "password", password));
        if (smtpPort > 0) {
            body.put("outbound", Map.of("host", "127.0.0.1", "port", smtpPort, "security", "none", "auth", "password",
                    "user", user, "password", password));
        }
        body.putAll(extra);
        var response = client(tenantKey).post().uri("/mailboxes").body(body).retrieve().toEntity(String.class);
        if (response.getStatusCode().value() != 201) {
            throw new IllegalStateException("mailbox " + id + " not created: " + response.getStatusCode() + " "
                    + response.getBody());
        }
    }

    /** Every email item of a mailbox, all pages. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> emails(String tenantKey, String mailboxId) {
        List<Map<String, Object>> all = new ArrayList<>();
        String after = null;
        do {
            String uri = "/emails?limit=1000&mailboxId=" + mailboxId + (after == null ? "" : "&after=" + after);
            Map<String, Object> page = client(tenantKey).get().uri(uri).retrieve().body(Map.class);
            all.addAll((List<Map<String, Object>>) page.get("items"));
            after = (String) page.get("next");
        } while (after != null);
        return all;
    }

    /** The email service's settings against this API, with the test limits and the given Redis key prefix. */
    public EmailProperties properties(String redisPrefix) {
        EmailProperties defaults = EmailProperties.withApi(new EmailProperties.Api(URI.create(url), EMAIL_KEY,
                Duration.ofSeconds(30)));
        return new EmailProperties(defaults.api(), new EmailProperties.Redis(true, "redis://127.0.0.1:6379",
                Duration.ofSeconds(2), redisPrefix), defaults.mailboxes(), new EmailProperties.Inbound(200,
                Duration.ofSeconds(30)), LIMITS, new EmailProperties.Outbound(50, Duration.ofMillis(1),
                Duration.ofMillis(1), 3));
    }

    /** The API client of the email service, with the cluster email key. */
    public IwdEmailApi emailApi() {
        return new IwdEmailApi(properties("unused"), JSON);
    }

    @Override
    public void close() {
        context.close();
        db.close();
    }
}
