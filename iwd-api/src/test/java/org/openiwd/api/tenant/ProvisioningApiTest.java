package org.openiwd.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;

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
    void deletingATenantRemovesItsDataAndItsKeysStopWorking() {
        Map<String, String> keys = provision("gone");
        client(keys.get("tenant")).post().uri("/tasks").body(Map.of("captureId", "c1")).retrieve().toBodilessEntity();
        assertThat(client(ADMIN_KEY).delete().uri("/provisioning/gone").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE tenant_id = 'gone'").query(Long.class).single()).isZero();
        assertThat(client(keys.get("tenant")).get().uri("/tasks/1").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(401);
    }
}
