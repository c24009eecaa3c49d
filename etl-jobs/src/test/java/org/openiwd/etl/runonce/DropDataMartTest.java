package org.openiwd.etl.runonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.springframework.beans.factory.annotation.Value;

/** {@code --drop-datamart=ID}: refused while IWD has the tenant; once it is deleted there, schema and role go. */
class DropDataMartTest extends EtlWithApiTest {

    @Value("${spring.datasource.url}")
    String dataMartUrl;

    @Test
    void dropsTheSchemaRoleAndRegistrationOfATenantDeletedFromIwdOnly() {
        provisionWithImportKey("dropme", "UTC");
        tenants.sync();
        String role = jdbc.sql("SELECT current_database()").query(String.class).single() + "_dropme_bi";
        assertThat(exists("pg_roles", "rolname", role)).isTrue();

        assertThat(drop("dropme")).as("IWD still has it").isEqualTo(RunOnce.FAILED);
        assertThat(exists("pg_namespace", "nspname", "tenant_dropme")).isTrue();

        api(ADMIN_KEY).delete().uri("/provisioning/dropme").retrieve().toBodilessEntity();
        assertThat(drop("dropme")).isEqualTo(RunOnce.COMPLETED);
        assertThat(exists("pg_namespace", "nspname", "tenant_dropme")).isFalse();
        assertThat(exists("pg_roles", "rolname", role)).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM etl.tenant WHERE tenant_id = 'dropme'").query(Long.class)
                .single()).isZero();
        assertThat(drop("dropme")).as("nothing left to drop").isEqualTo(RunOnce.COMPLETED);

        assertThat(DropDataMart.run("", new String[0])).isEqualTo(RunOnce.USAGE);
        assertThat(DropDataMart.parse(new String[] {"--run-once=intraday"})).isEqualTo(Optional.empty());
    }

    private boolean exists(String catalog, String column, String name) {
        return jdbc.sql("SELECT count(*) FROM " + catalog + " WHERE " + column + " = ?").param(name)
                .query(Long.class).single() > 0;
    }

    private int drop(String tenant) {
        String[] args = {"--drop-datamart=" + tenant,
            "--spring.datasource.url=" + dataMartUrl, "--spring.datasource.username=iwd",
            "--spring.datasource.password=iwd", "--spring.datasource.hikari.maximum-pool-size=2",
            "--management.server.port=-1", "--iwd.etl.api.url=" + apiUrl(), "--iwd.etl.api.max-attempts=1",
            "--iwd.etl.api.datamart-api-key=" + DATAMART_KEY};
        return DropDataMart.run(DropDataMart.parse(args).orElseThrow(), args);
    }
}
