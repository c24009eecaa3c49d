package org.openiwd.api.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Mailboxes through the API: CRUD with versions and configuration events, validation, the role matrix, and the
 * secrets, which are sealed in the database and appear in no response, event or log line except the credentials
 * the email role reads.
 */
@ExtendWith(OutputCaptureExtension.class)
@org.springframework.test.context.TestPropertySource(properties = "iwd.api.email.previous-encryption-keys="
        + MailboxApiTest.PREVIOUS_KEY)
@SuppressWarnings("unchecked")
class MailboxApiTest extends ApiIntegrationTest {

    static final String PASSWORD = "imap-pa55word-that-must-not-leak";
    static final String SMTP_PASSWORD = "smtp-pa55word-that-must-not-leak";
    static final String CLIENT_SECRET = "client-secret-that-must-not-leak";

    String tenantId;
    RestClient tenant;
    RestClient email;
    RestClient datamart;

    @BeforeEach
    void tenant() {
        tenantId = "mb-" + System.nanoTime() % 1_000_000;
        Map<String, String> keys = provision(tenantId);
        tenant = client(keys.get("tenant"));
        email = client(keys.get("email"));
        datamart = client(keys.get("datamart"));
    }

    static Map<String, Object> imapMailbox(String id) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("name", "Mailbox " + id);
        body.put("type", "imap");
        body.put("address", id + "@example.com");
        body.put("inbound", new HashMap<>(Map.of("host", "imap.example.com", "port", 993, "security", "ssl",
                "user", id + "@example.com", "password", PASSWORD)));
        body.put("outbound", new HashMap<>(Map.of("host", "smtp.example.com", "user", id + "@example.com",
                "password", SMTP_PASSWORD)));
        return body;
    }

    @Test
    void createReadUpdateAndRetireAreVersionedWithEventsAndSecretsStaySealed(CapturedOutput output) {
        ResponseEntity<String> created = tenant.post().uri("/mailboxes").body(imapMailbox("support")).retrieve()
                .toEntity(String.class);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getHeaders().getETag()).isEqualTo("\"1\"");
        assertThat(created.getBody()).doesNotContain(PASSWORD).doesNotContain(SMTP_PASSWORD)
                .doesNotContain("\"password\":");
        Map<String, Object> mailbox = tenant.get().uri("/mailboxes/support").retrieve().body(Map.class);
        assertThat(mailbox).containsEntry("version", 1).containsEntry("type", "imap").containsEntry("enabled", true)
                .containsEntry("pollInterval", "PT1M").containsEntry("defaultOutbound", false);
        assertThat((Map<String, Object>) mailbox.get("inbound")).containsEntry("passwordSet", true)
                .containsEntry("folders", Map.of("inbox", "INBOX", "processed", "Processed",
                        "unparsable", "Unparsable"));
        assertThat((Map<String, Object>) mailbox.get("outbound")).containsEntry("passwordSet", true)
                .containsEntry("port", 587).containsEntry("security", "starttls");

        Map<String, Object> change = imapMailbox("support");
        ((Map<String, Object>) change.get("inbound")).remove("password");
        ((Map<String, Object>) change.get("outbound")).remove("password");
        change.put("pollInterval", "PT30S");
        ResponseEntity<Map> updated = tenant.put().uri("/mailboxes/support").header("If-Match", "\"1\"")
                .body(change).retrieve().toEntity(Map.class);
        assertThat(updated.getStatusCode().value()).isEqualTo(200);
        assertThat(updated.getBody()).containsEntry("version", 2).containsEntry("pollInterval", "PT30S");
        assertThat(credentials("support")).as("secrets left out are kept").isEqualTo(Map.of(
                "inbound", secrets(PASSWORD, null, null, null), "outbound", secrets(SMTP_PASSWORD, null, null, null)));
        assertThat(tenant.put().uri("/mailboxes/support").header("If-Match", "\"1\"").body(change).retrieve()
                .toEntity(Map.class).getStatusCode().value()).isEqualTo(412);

        Map<String, Object> noOutbound = imapMailbox("support");
        noOutbound.remove("outbound");
        ((Map<String, Object>) noOutbound.get("inbound")).remove("password");
        tenant.put().uri("/mailboxes/support").body(noOutbound).retrieve().toBodilessEntity();
        assertThat(jdbc.sql("SELECT part FROM mailbox_secret WHERE tenant_id = ?").param(tenantId).query(String.class)
                .list()).as("secrets the settings no longer use are deleted").containsExactly("inbound");

        byte[] stored = jdbc.sql("SELECT ciphertext FROM mailbox_secret WHERE tenant_id = ? AND part = 'inbound'")
                .param(tenantId).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
        assertThat(stored.length).as("ciphertext and 16-byte tag").isEqualTo(PASSWORD.length() + 16);
        assertThat(jdbc.sql("SELECT key_id FROM mailbox_secret WHERE tenant_id = ?").param(tenantId)
                .query(String.class).single()).hasSize(16);

        assertThat(tenant.delete().uri("/mailboxes/support").retrieve().toEntity(Map.class).getBody())
                .containsEntry("deleted", true).containsEntry("version", 4);
        assertThat(jdbc.sql("SELECT count(*) FROM mailbox_secret WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single()).isZero();
        assertThat((List<?>) tenant.get().uri("/mailboxes").retrieve().body(Map.class).get("items")).isEmpty();

        String events = datamart.get().uri("/reporting/config-events").retrieve().body(String.class);
        assertThat(events).contains("\"kind\":\"mailbox\"").doesNotContain(PASSWORD).doesNotContain(SMTP_PASSWORD);
        assertThat(jdbc.sql("SELECT string_agg(operation, ',' ORDER BY event_id) FROM config_event"
                + " WHERE tenant_id = ? AND kind = 'mailbox'").param(tenantId).query(String.class).single())
                .isEqualTo("created,updated,updated,deleted");
        assertThat(jdbc.sql("SELECT string_agg(object::text, '') FROM config_event WHERE tenant_id = ?")
                .param(tenantId).query(String.class).single()).doesNotContain(PASSWORD).doesNotContain(SMTP_PASSWORD);
        assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void oauth2SecretsFollowTheGrantAndSameAsInboundSharesThem(CapturedOutput output) {
        Map<String, Object> body = new HashMap<>(Map.of("id", "o365", "name", "Office", "type", "office365",
                "address", "care@example.com",
                "inbound", Map.of("user", "care@example.com", "oauth2", Map.of(
                        "tokenEndpoint", "https://login.example.com/tenant/oauth2/v2.0/token", "clientId", "app",
                        "clientSecret", CLIENT_SECRET)),
                "outbound", Map.of()));
        ResponseEntity<Map> created = tenant.post().uri("/mailboxes").body(body).retrieve().toEntity(Map.class);
        assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
        Map<String, Object> inbound = (Map<String, Object>) created.getBody().get("inbound");
        assertThat(inbound).containsEntry("host", "outlook.office365.com").containsEntry("auth", "oauth2");
        assertThat((Map<String, Object>) inbound.get("oauth2")).containsEntry("grant", "client_credentials")
                .containsEntry("clientSecretSet", true).containsEntry("scope", "https://outlook.office365.com/.default");
        assertThat((Map<String, Object>) created.getBody().get("outbound")).containsEntry("auth", "oauth2")
                .containsEntry("sameAsInbound", true).containsEntry("host", "smtp.office365.com");
        assertThat(credentials("o365")).isEqualTo(Map.of("inbound", secrets(null, CLIENT_SECRET, null, null),
                "outbound", secrets(null, CLIENT_SECRET, null, null)));
        assertThat(output.getAll()).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void invalidSettingsAreRefusedWithEveryFieldNamed() {
        Map<String, Object> body = imapMailbox("bad");
        body.put("type", "pop3");
        body.put("pollInterval", "PT1S");
        body.put("displayName", "Support\r\nBcc: victim@example.org");
        body.put("routing", Map.of("processId", "no-such-process"));
        ResponseEntity<Map> refused = tenant.post().uri("/mailboxes").body(body).retrieve().toEntity(Map.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:validation");
        assertThat(fields(refused)).contains("type", "pollInterval", "displayName", "routing.processId");

        Map<String, Object> ports = imapMailbox("bad");
        ((Map<String, Object>) ports.get("inbound")).putAll(Map.of("port", 70000, "security", "tls"));
        ((Map<String, Object>) ports.get("inbound")).remove("password");
        assertThat(fields(tenant.post().uri("/mailboxes").body(ports).retrieve().toEntity(Map.class)))
                .contains("inbound.port", "inbound.security", "inbound.password");

        Map<String, Object> gmail = new HashMap<>(Map.of("id", "g", "name", "Gmail", "type", "gmail",
                "address", "g@example.com", "inbound", Map.of("user", "g@example.com", "oauth2",
                        Map.of("grant", "client_credentials", "clientId", "c", "clientSecret", "s"))));
        assertThat(fields(tenant.post().uri("/mailboxes").body(gmail).retrieve().toEntity(Map.class)))
                .containsExactly("inbound.oauth2.grant");
        gmail.put("inbound", Map.of("user", "g@example.com", "oauth2", Map.of("grant", "service_account",
                "serviceAccountKey", "{}", "clientSecret", "not-for-service-accounts")));
        assertThat(fields(tenant.post().uri("/mailboxes").body(gmail).retrieve().toEntity(Map.class)))
                .containsExactlyInAnyOrder("inbound.oauth2.delegatedUser", "inbound.oauth2.clientSecret");

        assertThat(tenant.post().uri("/mailboxes").body(Map.of("name", "x", "unknown", 1)).retrieve()
                .toEntity(Map.class).getBody()).containsEntry("type", "urn:iwd:problem:malformed-body");
        assertThat(jdbc.sql("SELECT count(*) FROM config_object WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM mailbox_secret WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void routingNamesLiveConfigurationObjects() {
        configureProcesses(tenant, "p1");
        tenant.post().uri("/queues").body(Map.of("id", "q1", "name", "Q")).retrieve().toBodilessEntity();
        Map<String, Object> body = imapMailbox("routed");
        body.put("routing", Map.of("processId", "p1", "queueId", "q1", "departmentId", "dept",
                "priorities", Map.of("high", 10, "normal", 5, "low", 1)));
        ResponseEntity<Map> created = tenant.post().uri("/mailboxes").body(body).retrieve().toEntity(Map.class);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat((Map<String, Object>) created.getBody().get("routing")).containsEntry("processId", "p1")
                .containsEntry("priorities", Map.of("high", 10, "normal", 5, "low", 1));
    }

    @Test
    void settingADefaultOutboundMailboxClearsThePreviousOne() {
        Map<String, Object> a = imapMailbox("a");
        a.put("defaultOutbound", true);
        tenant.post().uri("/mailboxes").body(a).retrieve().toBodilessEntity();
        Map<String, Object> b = imapMailbox("b");
        b.put("defaultOutbound", true);
        tenant.post().uri("/mailboxes").body(b).retrieve().toBodilessEntity();
        assertThat(tenant.get().uri("/mailboxes/a").retrieve().body(Map.class)).containsEntry("defaultOutbound", false)
                .containsEntry("version", 2);
        assertThat(tenant.get().uri("/mailboxes/b").retrieve().body(Map.class)).containsEntry("defaultOutbound", true);

        Map<String, Object> receiveOnly = imapMailbox("c");
        receiveOnly.remove("outbound");
        receiveOnly.put("defaultOutbound", true);
        assertThat(fields(tenant.post().uri("/mailboxes").body(receiveOnly).retrieve().toEntity(Map.class)))
                .containsExactly("defaultOutbound");
    }

    @Test
    void aTenantHasAtMostOneHundredMailboxes() {
        for (int i = 0; i < 100; i++) {
            Map<String, Object> body = imapMailbox("m" + i);
            body.remove("outbound");
            assertThat(tenant.post().uri("/mailboxes").body(body).retrieve().toBodilessEntity().getStatusCode()
                    .value()).isEqualTo(201);
        }
        ResponseEntity<Map> refused = tenant.post().uri("/mailboxes").body(imapMailbox("m100")).retrieve()
                .toEntity(Map.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:mailbox-limit");
        ResponseEntity<Map> stale = tenant.delete().uri("/mailboxes/m0").header("If-Match", "\"7\"").retrieve()
                .toEntity(Map.class);
        assertThat(stale.getStatusCode().value()).as("retiring a version it is not at").isEqualTo(412);
        assertThat(stale.getBody()).containsEntry("type", "urn:iwd:problem:version-mismatch");
        assertThat(tenant.delete().uri("/mailboxes/m0").header("If-Match", "\"1\"").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(200);
        assertThat(tenant.post().uri("/mailboxes").body(imapMailbox("m100")).retrieve().toBodilessEntity()
                .getStatusCode().value()).as("a retired one makes room").isEqualTo(201);
    }

    @Test
    void rolesAndTenantsSeeWhatTheyMay() {
        tenant.post().uri("/mailboxes").body(imapMailbox("roles")).retrieve().toBodilessEntity();
        assertThat(status(email.post().uri("/mailboxes").body(imapMailbox("x")))).isEqualTo(403);
        assertThat(status(datamart.post().uri("/mailboxes").body(imapMailbox("x")))).isEqualTo(403);
        assertThat(status(email.get().uri("/mailboxes/roles"))).isEqualTo(200);
        assertThat(status(email.get().uri("/mailboxes"))).isEqualTo(200);
        assertThat(status(datamart.get().uri("/mailboxes"))).isEqualTo(403);
        assertThat(status(email.delete().uri("/mailboxes/roles"))).isEqualTo(403);

        assertThat(status(tenant.get().uri("/mailboxes/roles/credentials"))).isEqualTo(403);
        assertThat(status(datamart.get().uri("/mailboxes/roles/credentials"))).isEqualTo(403);
        assertThat(status(email.get().uri("/mailboxes/roles/credentials"))).isEqualTo(200);
        RestClient clusterEmail = RestClient.builder().requestFactory(new org.springframework.http.client
                        .JdkClientHttpRequestFactory()).baseUrl("http://127.0.0.1:" + port + "/iwd/v3")
                .defaultHeader("x-api-key", "test-cluster-email-key").defaultHeader("x-iwd-tenant", tenantId)
                .defaultStatusHandler(s -> true, (rq, rs) -> { }).build();
        assertThat(status(clusterEmail.get().uri("/mailboxes/roles/credentials"))).isEqualTo(200);
        assertThat(status(tenant.put().uri("/mailboxes/roles/status").body(Map.of()))).isEqualTo(403);

        Map<String, String> other = provision(tenantId + "-o");
        RestClient otherTenant = client(other.get("tenant"));
        RestClient otherEmail = client(other.get("email"));
        assertThat(status(otherTenant.get().uri("/mailboxes/roles"))).isEqualTo(404);
        assertThat(status(otherEmail.get().uri("/mailboxes/roles/credentials"))).isEqualTo(404);
        assertThat(status(otherEmail.put().uri("/mailboxes/roles/status").body(Map.of()))).isEqualTo(404);
        assertThat(status(otherTenant.put().uri("/mailboxes/roles").body(imapMailbox("roles")))).isEqualTo(404);
        assertThat(status(otherTenant.delete().uri("/mailboxes/roles"))).isEqualTo(404);
        assertThat((List<?>) otherTenant.get().uri("/mailboxes").retrieve().body(Map.class).get("items")).isEmpty();
    }

    @Test
    void thePositionNeverRewindsUnderTheSameUidValidity() {
        Map<String, Object> body = imapMailbox("pos");
        tenant.post().uri("/mailboxes").body(body).retrieve().toBodilessEntity();
        assertThat(report(Map.of("inbound", Map.of("state", "connected", "lastPollAt", "2026-11-28T10:00:00Z"),
                "position", Map.of("uidValidity", 7, "lastUid", 100)))).containsEntry("position",
                Map.of("uidValidity", 7, "lastUid", 100));
        Map<String, Object> rewound = report(Map.of("position", Map.of("uidValidity", 7, "lastUid", 40)));
        assertThat(rewound).as("a slow replica's older position is ignored").containsEntry("position",
                Map.of("uidValidity", 7, "lastUid", 100));
        assertThat((Map<String, Object>) rewound.get("inbound")).as("absent parts are kept")
                .containsEntry("state", "connected");
        assertThat(report(Map.of("position", Map.of("uidValidity", 7, "lastUid", 140)))).containsEntry("position",
                Map.of("uidValidity", 7, "lastUid", 140));
        assertThat(report(Map.of("position", Map.of("uidValidity", 8, "lastUid", 3),
                "outbound", Map.of("state", "error", "lastError", "535 5.7.8 authentication failed"))))
                .as("a new UIDVALIDITY replaces the position").containsEntry("position",
                        Map.of("uidValidity", 8, "lastUid", 3));
        Map<String, Object> listed = ((List<Map<String, Object>>) tenant.get().uri("/mailboxes").retrieve()
                .body(Map.class).get("items"))
                .getFirst();
        assertThat((Map<String, Object>) listed.get("status")).containsEntry("position",
                Map.of("uidValidity", 8, "lastUid", 3));
        assertThat((Map<String, Object>) ((Map<String, Object>) listed.get("status")).get("outbound"))
                .containsEntry("state", "error").containsEntry("lastError", "535 5.7.8 authentication failed");

        ResponseEntity<Map> bad = email.put().uri("/mailboxes/pos/status").body(Map.of("inbound",
                Map.of("state", "sleeping"), "position", Map.of("uidValidity", 8))).retrieve().toEntity(Map.class);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(fields(bad)).containsExactly("inbound.state", "position");
    }

    @Test
    void replicasReportingPositionsConcurrentlyLeaveTheHighest() throws Exception {
        tenant.post().uri("/mailboxes").body(imapMailbox("pos")).retrieve().toBodilessEntity();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
        for (int uid = 1; uid <= 40; uid++) {
            int lastUid = uid;
            calls.add(pool.submit(() -> {
                start.await();
                return email.put().uri("/mailboxes/pos/status").body(Map.of("position",
                        Map.of("uidValidity", 9, "lastUid", lastUid))).retrieve().toBodilessEntity().getStatusCode()
                        .value();
            }));
        }
        start.countDown();
        for (var call : calls) {
            assertThat(call.get()).isEqualTo(200);
        }
        pool.shutdown();
        assertThat(jdbc.sql("SELECT last_uid FROM mailbox_status WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single()).isEqualTo(40);
    }

    @Test
    void secretsSealedWithAPreviousKeyAreResealedWithTheCurrentOne(
            @org.springframework.beans.factory.annotation.Autowired SecretResealer resealer) {
        tenant.post().uri("/mailboxes").body(imapMailbox("rotate")).retrieve().toBodilessEntity();
        String current = jdbc.sql("SELECT DISTINCT key_id FROM mailbox_secret WHERE tenant_id = ?").param(tenantId)
                .query(String.class).single();
        // Seal one secret as the previous key did, as a deployment before the rotation would have stored it.
        SecretCipher previous = new SecretCipher(new org.openiwd.api.EmailProperties(PREVIOUS_KEY, List.of(),
                org.springframework.util.unit.DataSize.ofMegabytes(1), org.springframework.util.unit.DataSize
                        .ofMegabytes(1), org.springframework.util.unit.DataSize.ofMegabytes(1), 100));
        SecretSlot slot = new SecretSlot("inbound", "password");
        SecretCipher.Sealed old = previous.seal("old-password", slot.associatedData(tenantId, "rotate"));
        jdbc.sql("UPDATE mailbox_secret SET key_id = ?, nonce = ?, ciphertext = ? WHERE tenant_id = ?"
                + " AND part = 'inbound'").params(old.keyId(), old.nonce(), old.ciphertext(), tenantId).update();
        assertThat(old.keyId()).isNotEqualTo(current);

        assertThat(credentials("rotate").get("inbound")).as("opened with the previous key")
                .isEqualTo(secrets("old-password", null, null, null));
        assertThat(resealer.resealAll()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT DISTINCT key_id FROM mailbox_secret WHERE tenant_id = ?").param(tenantId)
                .query(String.class).list()).containsExactly(current);
        assertThat(credentials("rotate").get("inbound")).isEqualTo(secrets("old-password", null, null, null));
    }

    static final String PREVIOUS_KEY = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    private Map<String, Object> report(Map<String, Object> body) {
        ResponseEntity<Map> response = email.put().uri("/mailboxes/pos/status").body(body).retrieve()
                .toEntity(Map.class);
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(200);
        return response.getBody();
    }

    private Map<String, Object> credentials(String id) {
        ResponseEntity<Map> response = email.get().uri("/mailboxes/{id}/credentials", id).retrieve()
                .toEntity(Map.class);
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(200);
        return response.getBody();
    }

    private static Map<String, Object> secrets(String password, String clientSecret, String refreshToken,
            String serviceAccountKey) {
        Map<String, Object> secrets = new HashMap<>();
        secrets.put("password", password);
        secrets.put("clientSecret", clientSecret);
        secrets.put("refreshToken", refreshToken);
        secrets.put("serviceAccountKey", serviceAccountKey);
        return secrets;
    }

    private static int status(RestClient.RequestHeadersSpec<?> request) {
        return request.retrieve().toBodilessEntity().getStatusCode().value();
    }

    static List<Object> fields(ResponseEntity<Map> response) {
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(400);
        return ((List<Map<String, Object>>) response.getBody().get("errors")).stream().map(e -> e.get("field"))
                .toList();
    }
}
