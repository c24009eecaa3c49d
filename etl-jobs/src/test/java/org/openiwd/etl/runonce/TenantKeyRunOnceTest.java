package org.openiwd.etl.runonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.springframework.beans.factory.annotation.Value;

/**
 * A per-tenant CronJob configured with the tenant's own datamart key instead of the cluster key: it registers and
 * loads just its tenant, leaves the other tenants of the Data Mart alone, and cannot load another tenant.
 */
class TenantKeyRunOnceTest extends EtlWithApiTest {

    @Value("${spring.datasource.url}")
    String dataMartUrl;

    @Test
    void aTenantsOwnDatamartKeyRegistersAndLoadsThatTenantOnly() {
        String soloKey = datamartKeyOf("solo");
        String otherImport = provisionWithImportKey("other", "UTC");
        api(otherImport).post().uri("/tasks").body(Map.of("captureId", "o1")).retrieve().toBodilessEntity();
        tenants.sync();
        assertThat(status("other")).isEqualTo("active");
        String soloImport = (String) api(ADMIN_KEY).post().uri("/provisioning/solo/keys")
                .body(Map.of("role", "import")).retrieve().body(Map.class).get("key");
        api(soloImport).post().uri("/tasks").body(Map.of("captureId", "s1")).retrieve().toBodilessEntity();
        api(soloImport).post().uri("/tasks").body(Map.of("captureId", "s2")).retrieve().toBodilessEntity();

        assertThat(runOnce("intraday", "solo", soloKey)).isEqualTo(RunOnce.COMPLETED);

        assertThat(jdbc.sql("SELECT capture_id FROM tenant_solo.i_task_fact ORDER BY capture_id")
                .query(String.class).list()).containsExactly("s1", "s2");
        assertThat(jdbc.sql("SELECT name, time_zone FROM etl.tenant WHERE tenant_id = 'solo'")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2)).single())
                .isEqualTo("Tenant solo Europe/Paris");
        assertThat(status("other")).as("a tenant key's sync leaves the others served").isEqualTo("active");

        assertThat(runOnce("intraday", "other", soloKey)).as("solo's key cannot load other's Data Mart")
                .isEqualTo(RunOnce.FAILED);
        assertThat(jdbc.sql("SELECT count(*) FROM tenant_other.i_task_fact").query(Long.class).single()).isZero();
    }

    private String datamartKeyOf(String tenantId) {
        Map<?, ?> created = api(ADMIN_KEY).post().uri("/provisioning")
                .body(Map.of("id", tenantId, "name", "Tenant " + tenantId, "timeZone", "Europe/Paris"))
                .retrieve().body(Map.class);
        return (String) ((Map<?, ?>) created.get("apiKeys")).get("datamart");
    }

    private String status(String tenantId) {
        return jdbc.sql("SELECT status FROM etl.tenant WHERE tenant_id = ?").param(tenantId).query(String.class)
                .single();
    }

    private int runOnce(String job, String tenant, String key) {
        String[] args = {"--run-once=" + job, "--tenant=" + tenant,
            "--spring.datasource.url=" + dataMartUrl, "--spring.datasource.username=iwd",
            "--spring.datasource.password=iwd", "--spring.datasource.hikari.maximum-pool-size=2",
            "--management.server.port=-1", "--iwd.etl.api.url=" + apiUrl(), "--iwd.etl.api.max-attempts=1",
            "--iwd.etl.api.datamart-api-key=" + key};
        return RunOnce.run(RunOnce.parse(args).orElseThrow(), args);
    }
}
