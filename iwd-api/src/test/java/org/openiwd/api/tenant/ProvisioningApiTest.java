package org.openiwd.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

class ProvisioningApiTest extends ApiIntegrationTest {

    @Test
    void adminProvisionsATenantWithOneKeyPerRoleAndTheAuditRecordsIt() {
        Map<String, String> keys = provision("100");
        assertThat(keys).containsOnlyKeys("tenant", "datamart", "email");
        assertThat(keys.values()).doesNotHaveDuplicates().allMatch(k -> k.length() == 48);
        assertThat(jdbc.sql("SELECT count(*) FROM api_key WHERE tenant_id = '100'").query(Long.class).single())
                .isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(*) FROM api_key WHERE key_hash = sha256(convert_to(?, 'UTF8'))")
                .param(keys.get("tenant")).query(Long.class).single()).as("stored hashed").isOne();
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE tenant_id = '100'").query(String.class).list())
                .containsExactly("tenant.create");
    }

    @Test
    void missingOrWrongKeyIs401AsProblemJson() {
        ResponseEntity<Map> wrong = client("nope").get().uri("/provisioning").retrieve().toEntity(Map.class);
        assertThat(wrong.getStatusCode().value()).isEqualTo(401);
        assertThat(wrong.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(wrong.getBody()).containsEntry("type", "urn:iwd:problem:unauthorized");
    }

    @Test
    void aTenantKeyMayNotProvision() {
        Map<String, String> keys = provision("t403");
        ResponseEntity<Map> response = client(keys.get("tenant")).post().uri("/provisioning")
                .body(Map.of("id", "other", "name", "x", "timeZone", "UTC")).retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).containsEntry("type", "urn:iwd:problem:forbidden");
    }

    @Test
    void duplicateIdIsAConflictAndBadInputIsA400() {
        provision("dup");
        assertThat(client(ADMIN_KEY).post().uri("/provisioning")
                .body(Map.of("id", "dup", "name", "x", "timeZone", "UTC")).retrieve().toEntity(Map.class)
                .getStatusCode().value()).isEqualTo(409);
        ResponseEntity<Map> badZone = client(ADMIN_KEY).post().uri("/provisioning")
                .body(Map.of("id", "zone", "name", "x", "timeZone", "Mars/Olympus")).retrieve().toEntity(Map.class);
        assertThat(badZone.getStatusCode().value()).isEqualTo(400);
        assertThat((String) badZone.getBody().get("detail")).contains("Mars/Olympus");
        ResponseEntity<Map> badId = client(ADMIN_KEY).post().uri("/provisioning")
                .body(Map.of("id", "no spaces!", "name", "x", "timeZone", "UTC")).retrieve().toEntity(Map.class);
        assertThat(badId.getStatusCode().value()).isEqualTo(400);
        assertThat(badId.getBody()).containsEntry("type", "urn:iwd:problem:validation");
    }

    @Test
    void refusedOperationsAreAuditedToo() {
        provision("aud");
        client(ADMIN_KEY).post().uri("/provisioning").body(Map.of("id", "aud", "name", "x", "timeZone", "UTC"))
                .retrieve().toBodilessEntity();
        client(ADMIN_KEY).delete().uri("/provisioning/aud/keys/999999").retrieve().toBodilessEntity();
        assertThat(jdbc.sql("SELECT action || ' ' || outcome FROM audit_log WHERE tenant_id = 'aud' ORDER BY audit_id")
                .query(String.class).list())
                .containsExactly("tenant.create created", "tenant.create refused: tenant-exists",
                        "key.revoke refused: not-found");
    }

    @Test
    void idsThatWouldShareADataMartAreRefused() {
        provision("Fold-A");
        for (String twin : new String[] {"fold-a", "FOLD_A"}) {
            ResponseEntity<Map> refused = client(ADMIN_KEY).post().uri("/provisioning")
                    .body(Map.of("id", twin, "name", "x", "timeZone", "UTC")).retrieve().toEntity(Map.class);
            assertThat(refused.getStatusCode().value()).isEqualTo(409);
            assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:tenant-id-collides");
        }
    }

    @Test
    void clusterDatamartKeyListsTenantsWithoutTheirKeys() {
        provision("listed");
        ResponseEntity<String> list = client(CLUSTER_DATAMART_KEY).get().uri("/provisioning").retrieve()
                .toEntity(String.class);
        assertThat(list.getStatusCode().value()).isEqualTo(200);
        assertThat(list.getBody()).contains("\"listed\"").doesNotContain("apiKeys");
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnceAndTheRevocationIsAudited() {
        provision("rev");
        Map<?, ?> minted = client(ADMIN_KEY).post().uri("/provisioning/rev/keys").body(Map.of("role", "tenant"))
                .retrieve().body(Map.class);
        String key = (String) minted.get("key");
        assertThat(client(key).get().uri("/tasks/1").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(404);
        assertThat(client(ADMIN_KEY).delete().uri("/provisioning/rev/keys/{id}", minted.get("id")).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        assertThat(client(key).get().uri("/tasks/1").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(401);
        String listed = client(ADMIN_KEY).get().uri("/provisioning/rev/keys").retrieve().body(String.class);
        assertThat(listed).contains(key.substring(0, 8)).doesNotContain(key).contains("revokedAt\":\"");
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE tenant_id = 'rev' ORDER BY audit_id")
                .query(String.class).list()).containsExactly("tenant.create", "key.mint:tenant", "key.revoke");
        assertThat(client(ADMIN_KEY).delete().uri("/provisioning/other/keys/{id}", minted.get("id")).retrieve()
                .toBodilessEntity().getStatusCode().value()).as("another tenant's key").isEqualTo(404);
    }

    @Test
    void anUpdateAndADeleteAreAuditedWithTheTenantsNameAndTimeZone() {
        provision("upd");
        assertThat(client(ADMIN_KEY).put().uri("/provisioning").body(Map.of("id", "upd", "name", "Renamed",
                "timeZone", "UTC")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(200);
        assertThat(client(ADMIN_KEY).delete().uri("/provisioning/upd").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT actor || ' ' || action || ' ' || outcome || ' ' || details::text FROM audit_log"
                        + " WHERE tenant_id = 'upd' ORDER BY audit_id")
                .query(String.class).list()).containsExactly(
                        "cluster:admin tenant.create created " + jdbc.sql("SELECT details::text FROM audit_log"
                                + " WHERE tenant_id = 'upd' AND action = 'tenant.create'").query(String.class).single(),
                        "cluster:admin tenant.update updated {\"name\": \"Renamed\", \"previous\": {\"name\": "
                                + "\"Tenant upd\", \"timeZone\": \"Europe/Paris\"}, \"timeZone\": \"UTC\"}",
                        "cluster:admin tenant.delete deleted {\"name\": \"Renamed\", \"timeZone\": \"UTC\"}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void keyOperationsAreAuditedWithTheRoleAndKeyIdAndNeverASecret() {
        Map<String, String> keys = provision("det");
        Map<?, ?> minted = client(ADMIN_KEY).post().uri("/provisioning/det/keys").body(Map.of("role", "import"))
                .retrieve().body(Map.class);
        client(ADMIN_KEY).delete().uri("/provisioning/det/keys/{id}", minted.get("id")).retrieve().toBodilessEntity();
        List<Map<String, Object>> rows = jdbc.sql("SELECT action, details::text AS details FROM audit_log"
                + " WHERE tenant_id = 'det' ORDER BY audit_id").query().listOfRows();
        String keyId = String.valueOf(minted.get("id"));
        assertThat(rows).extracting(r -> r.get("action") + " " + r.get("details")).containsExactly(
                "tenant.create " + rows.get(0).get("details"),
                "key.mint:import {\"role\": \"import\", \"keyId\": " + keyId + "}",
                "key.revoke {\"role\": \"import\", \"keyId\": " + keyId + "}");
        Map<?, ?> created = client(ADMIN_KEY).get().uri("/provisioning/audit?tenantId=det&limit=1").retrieve()
                .body(Map.class);
        assertThat(((List<Map<?, ?>>) created.get("items")).getFirst().get("details")).isEqualTo(Map.of(
                "name", "Tenant det", "timeZone", "Europe/Paris", "keys", jdbc.sql("SELECT key_id, role FROM api_key"
                        + " WHERE tenant_id = 'det' AND role <> 'import' ORDER BY key_id").query((r, n) -> Map.of(
                        "role", r.getString("role"), "keyId", (Object) r.getInt("key_id"))).list()));
        String all = jdbc.sql("SELECT string_agg(details::text, ' ') FROM audit_log").query(String.class).single();
        for (String secret : List.of(keys.get("tenant"), keys.get("datamart"), keys.get("email"),
                (String) minted.get("key"))) {
            assertThat(all).doesNotContain(secret).doesNotContain(secret.substring(0, 8));
        }
    }

    @Test
    void onlyTheAdminKeyChangesTenantsMintsAndRevokesKeysOrReadsTheAudit() {
        Map<String, String> keys = provision("na");
        Map<?, ?> minted = client(ADMIN_KEY).post().uri("/provisioning/na/keys").body(Map.of("role", "tenant"))
                .retrieve().body(Map.class);
        Map<String, String> callers = Map.of("tenant key", keys.get("tenant"), "tenant datamart key",
                keys.get("datamart"), "cluster datamart key", CLUSTER_DATAMART_KEY,
                "cluster email key", "test-cluster-email-key");
        for (var caller : callers.entrySet()) {
            RestClient api = client(caller.getValue());
            assertThat(problem(api.put().uri("/provisioning").header("x-iwd-tenant", "na")
                    .body(Map.of("id", "na", "name", "Hijacked", "timeZone", "UTC")).retrieve().toEntity(Map.class)))
                    .as(caller.getKey() + " PUT").isEqualTo("403 urn:iwd:problem:forbidden");
            assertThat(problem(api.post().uri("/provisioning/na/keys").header("x-iwd-tenant", "na")
                    .body(Map.of("role", "tenant")).retrieve().toEntity(Map.class)))
                    .as(caller.getKey() + " mint").isEqualTo("403 urn:iwd:problem:forbidden");
            assertThat(problem(api.delete().uri("/provisioning/na/keys/{id}", minted.get("id"))
                    .header("x-iwd-tenant", "na").retrieve().toEntity(Map.class)))
                    .as(caller.getKey() + " revoke").isEqualTo("403 urn:iwd:problem:forbidden");
            assertThat(problem(api.get().uri("/provisioning/audit").header("x-iwd-tenant", "na").retrieve()
                    .toEntity(Map.class))).as(caller.getKey() + " audit").isEqualTo("403 urn:iwd:problem:forbidden");
        }
        assertThat(jdbc.sql("SELECT name FROM tenant WHERE tenant_id = 'na'").query(String.class).single())
                .isEqualTo("Tenant na");
        assertThat(jdbc.sql("SELECT count(*) FROM api_key WHERE tenant_id = 'na' AND revoked_at IS NULL")
                .query(Long.class).single()).isEqualTo(4);
        assertThat(jdbc.sql("SELECT action || ' ' || outcome FROM audit_log WHERE tenant_id = 'na'"
                        + " AND outcome LIKE 'refused%' ORDER BY audit_id").query(String.class).list())
                .hasSize(3 * callers.size()).allMatch(row -> row.endsWith("refused: forbidden"));
    }

    @Test
    void theAdminReadsTheAuditOldestFirstByTenantAndTimeWithKeysetPaging() {
        provision("au1");
        provision("au2");
        Map<?, ?> minted = client(ADMIN_KEY).post().uri("/provisioning/au1/keys").body(Map.of("role", "email"))
                .retrieve().body(Map.class);
        client(ADMIN_KEY).delete().uri("/provisioning/au1/keys/{id}", minted.get("id")).retrieve().toBodilessEntity();
        client(ADMIN_KEY).put().uri("/provisioning").body(Map.of("id", "au2", "name", "Two", "timeZone", "UTC"))
                .retrieve().toBodilessEntity();

        Map<?, ?> first = audit("tenantId=au1&limit=2");
        assertThat(auditItems(first)).extracting(e -> e.get("action")).containsExactly("tenant.create",
                "key.mint:email");
        assertThat(auditItems(first)).allSatisfy(e -> assertThat(e).containsEntry("tenantId", "au1")
                .containsEntry("actor", "cluster:admin").containsKeys("id", "occurredAt", "outcome", "details"));
        Map<?, ?> second = audit("tenantId=au1&limit=2&after=" + first.get("next"));
        assertThat(auditItems(second)).extracting(e -> e.get("action")).containsExactly("key.revoke");
        assertThat(second.get("next")).isNull();

        assertThat(auditItems(audit("limit=1000"))).extracting(e -> e.get("tenantId") + " " + e.get("action"))
                .containsSubsequence("au1 tenant.create", "au2 tenant.create", "au1 key.mint:email",
                        "au1 key.revoke", "au2 tenant.update");
        String mintedAt = (String) auditItems(first).get(1).get("occurredAt");
        assertThat(auditItems(audit("tenantId=au1&from=" + mintedAt))).extracting(e -> e.get("action"))
                .containsExactly("key.mint:email", "key.revoke");
        assertThat(auditItems(audit("tenantId=au1&to=" + mintedAt))).extracting(e -> e.get("action"))
                .containsExactly("tenant.create");

        for (String bad : List.of("limit=0", "limit=1001", "after=-1", "from=yesterday", "to=2026-01-01T00:00:00",
                "tenantId=a%20b")) {
            ResponseEntity<Map> refused = client(ADMIN_KEY).get().uri("/provisioning/audit?" + bad).retrieve()
                    .toEntity(Map.class);
            assertThat(refused.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(refused.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        }
    }

    private Map<?, ?> audit(String query) {
        ResponseEntity<Map> page = client(ADMIN_KEY).get().uri("/provisioning/audit?" + query).retrieve()
                .toEntity(Map.class);
        assertThat(page.getStatusCode().value()).as(query).isEqualTo(200);
        return page.getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> auditItems(Map<?, ?> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private static String problem(ResponseEntity<Map> response) {
        return response.getStatusCode().value() + " " + response.getBody().get("type");
    }

    @Test
    void deletingATenantRemovesItsRowsFromEveryTableWithATenantColumnAndLeavesTheOthers() throws InterruptedException {
        Map<String, String> gone = fill("gone");
        fill("kept");
        List<String> tables = jdbc.sql("""
                SELECT c.table_name FROM information_schema.columns c
                JOIN information_schema.tables t USING (table_schema, table_name)
                WHERE c.column_name = 'tenant_id' AND c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                ORDER BY c.table_name""").query(String.class).list();
        assertThat(tables).as("the tables this test fills").contains("tenant", "api_key", "audit_log",
                "config_object", "config_event", "task", "task_event", "task_event_position", "mailbox_secret",
                "mailbox_status", "email_item", "outbound_email");
        Map<String, Long> goneBefore = counts(tables, "gone");
        Map<String, Long> keptBefore = counts(tables, "kept");
        assertThat(goneBefore).as("filled").allSatisfy((table, rows) -> {
            if (!table.startsWith("search_")) {
                assertThat(rows).as(table).isPositive();
            }
        });

        assertThat(client(ADMIN_KEY).delete().uri("/provisioning/gone").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(204);

        Map<String, Long> goneAfter = counts(tables, "gone");
        for (String table : tables) {
            switch (table) {
                // The audit outlives what it audits: the tenant's rows stay, with the deletion's.
                case "audit_log" -> assertThat(goneAfter.get(table)).as(table).isEqualTo(goneBefore.get(table) + 1);
                // A receipt that the tenant's search index must still be deleted (Elasticsearch backend only),
                // removed once it is; the data it stands for is in Elasticsearch, not here.
                case "search_index_drop" -> { }
                default -> assertThat(goneAfter.get(table)).as(table).isZero();
            }
        }
        assertThat(counts(tables, "kept")).as("the other tenant's rows").isEqualTo(keptBefore);
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE tenant_id = 'gone' ORDER BY audit_id")
                .query(String.class).list()).startsWith("tenant.create").endsWith("tenant.delete");
        assertThat(client(gone.get("tenant")).get().uri("/tasks/1").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(401);
    }

    /**
     * A tenant with configuration, a mailbox with its secrets and status, an inbound email with its task and an
     * outbound reply, a task through several actions, a minted key, and its feeds' positions given.
     */
    private Map<String, String> fill(String tenantId) throws InterruptedException {
        Map<String, String> keys = provision(tenantId);
        RestClient tenant = client(keys.get("tenant"));
        RestClient email = client(keys.get("email"));
        configureProcesses(tenant, "p");
        for (String[] object : List.of(new String[] {"/solutions", "s"}, new String[] {"/categories", "c"},
                new String[] {"/queues", "q"}, new String[] {"/capture-points", "mail"})) {
            created(tenant.post().uri(object[0]).body(Map.of("id", object[1], "name", "Object " + object[1])));
        }
        created(tenant.post().uri("/business-calendars").body(Map.of("id", "cal", "name", "Calendar",
                "settings", Map.of("timeZone", "UTC", "weeklyHours", Map.of()))));
        created(tenant.post().uri("/mailboxes").body(Map.of("id", "support", "name", "Support", "type", "imap",
                "address", "support@" + tenantId + ".example.com",
                "inbound", Map.of("host", "imap.example.com", "user", "support", "password", "secret"),
                "outbound", Map.of("host", "smtp.example.com", "user", "support", "password", "secret"),
                "routing", Map.of("capturePointId", "mail", "processId", "p", "departmentId", "dept"))));
        assertThat(email.put().uri("/mailboxes/support/status").body(Map.of("position",
                Map.of("uidValidity", 1, "lastUid", 9))).retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(200);
        Object emailId = created(email.post().uri("/emails").body(inboundEmail())).get("id");
        created(tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "inReplyToEmailId", emailId, "textBody", "Thanks")));

        Object taskId = created(tenant.post().uri("/tasks").body(Map.of("captureId", "c1", "processId", "p",
                "queueId", "q"))).get("id");
        for (var action : List.<Map.Entry<String, Map<String, Object>>>of(Map.entry("assign", Map.of("agentId", "ann")),
                Map.entry("hold", Map.of("reason", "wait")), Map.entry("resume", Map.of()),
                Map.entry("complete", Map.of()))) {
            assertThat(tenant.post().uri("/tasks/{id}/{action}", taskId, action.getKey()).body(action.getValue())
                    .retrieve().toBodilessEntity().getStatusCode().value()).as(action.getKey()).isEqualTo(200);
        }
        created(client(ADMIN_KEY).post().uri("/provisioning/{t}/keys", tenantId).body(Map.of("role", "import")));

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!sequenced(tenantId) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sequenced(tenantId)).as("feed positions given").isTrue();
        return keys;
    }

    private boolean sequenced(String tenantId) {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM task_event WHERE tenant_id = :t)
                         = (SELECT count(*) FROM task_event_position WHERE tenant_id = :t)
                   AND NOT EXISTS (SELECT 1 FROM config_event WHERE tenant_id = :t AND feed_id IS NULL)""")
                .param("t", tenantId).query(Boolean.class).single();
    }

    private static Map<String, Object> inboundEmail() {
        Map<String, Object> message = new java.util.HashMap<>();
        message.put("mailboxId", "support");
        message.put("messageId", "<hello@example.org>");
        message.put("contentHash", "a".repeat(64));
        message.put("subtype", "InboundNew");
        message.put("from", Map.of("address", "ann@example.org"));
        message.put("to", List.of(Map.of("address", "support@example.com")));
        message.put("subject", "Hello");
        message.put("textBody", "Hello there");
        message.put("receivedAt", "2026-11-28T10:15:00Z");
        message.put("importance", "normal");
        message.put("headers", Map.of());
        message.put("references", List.of());
        message.put("attachments", List.of());
        return message;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> created(RestClient.RequestBodySpec request) {
        ResponseEntity<Map> response = request.retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
        return response.getBody();
    }

    private Map<String, Long> counts(List<String> tables, String tenantId) {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : tables) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM " + table + " WHERE tenant_id = ?").param(tenantId)
                    .query(Long.class).single());
        }
        return counts;
    }
}
