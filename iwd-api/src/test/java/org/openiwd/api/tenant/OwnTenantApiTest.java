package org.openiwd.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;

/** {@code GET /tenant}: each tenant key learns its own tenant and role; cluster keys must name the tenant. */
class OwnTenantApiTest extends ApiIntegrationTest {

    @Test
    void everyTenantKeySeesItsOwnTenantAndRole() {
        Map<String, String> keys = provision("own");
        provision("neighbour");
        String importKey = (String) client(ADMIN_KEY).post().uri("/provisioning/own/keys")
                .body(Map.of("role", "import")).retrieve().body(Map.class).get("key");

        for (var entry : Map.of("tenant", keys.get("tenant"), "datamart", keys.get("datamart"),
                "email", keys.get("email"), "import", importKey).entrySet()) {
            ResponseEntity<Map> response = client(entry.getValue()).get().uri("/tenant")
                    .header("x-iwd-tenant", "neighbour").retrieve().toEntity(Map.class);
            assertThat(response.getStatusCode().value()).as(entry.getKey()).isEqualTo(200);
            assertThat(response.getBody()).as("a tenant key ignores x-iwd-tenant").isEqualTo(Map.of(
                    "id", "own", "name", "Tenant own", "timeZone", "Europe/Paris", "role", entry.getKey(),
                    "cluster", false));
        }
    }

    @Test
    void aClusterKeyNamesTheTenantAndTheAdminKeyIsRefused() {
        provision("named");
        ResponseEntity<Map> named = client(CLUSTER_DATAMART_KEY).get().uri("/tenant").header("x-iwd-tenant", "named")
                .retrieve().toEntity(Map.class);
        assertThat(named.getStatusCode().value()).isEqualTo(200);
        assertThat(named.getBody()).isEqualTo(Map.of("id", "named", "name", "Tenant named",
                "timeZone", "Europe/Paris", "role", "datamart", "cluster", true));

        assertThat(problem(client(CLUSTER_DATAMART_KEY).get().uri("/tenant").retrieve().toEntity(Map.class)))
                .isEqualTo("400 urn:iwd:problem:tenant-required");
        assertThat(problem(client(CLUSTER_DATAMART_KEY).get().uri("/tenant").header("x-iwd-tenant", "nobody")
                .retrieve().toEntity(Map.class))).isEqualTo("404 urn:iwd:problem:not-found");
        assertThat(problem(client(ADMIN_KEY).get().uri("/tenant").retrieve().toEntity(Map.class)))
                .isEqualTo("403 urn:iwd:problem:forbidden");
        assertThat(client("no-such-key").get().uri("/tenant").retrieve().toBodilessEntity().getStatusCode()
                .value()).isEqualTo(401);
    }

    private static String problem(ResponseEntity<Map> response) {
        return response.getStatusCode().value() + " " + response.getBody().get("type");
    }
}
