package org.openiwd.etl.job.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * Agent names from the Info Mart's resource_ (tenant key 100 of the fixture) reach the agent dimension by
 * employee id; an agent unknown to the Info Mart keeps a placeholder until a later load, incremental by update
 * audit key, fills it in; other tenants' agents and non-agent resources never arrive.
 */
class LoadAgentsTest extends EtlWithApiTest {

    @Test
    void agentsAreNamedFromTheInfoMartAndLateOnesFilledInLater() throws Exception {
        RestClient api = api(provisionWithImportKey("100", "Europe/Paris"));
        for (String agent : List.of("E1001", "E9999")) {
            Object id = api.post().uri("/tasks").body(Map.of("captureId", "for-" + agent)).retrieve()
                    .body(Map.class).get("id");
            api.post().uri("/tasks/{id}/assign", id).body(Map.of("agentId", agent)).retrieve().toBodilessEntity();
        }
        tenants.sync();
        run();
        assertThat(agents()).containsExactly(
                "E1001 Alice Johnson alice.johnson named", "E1002 Bob Smith bob.smith named",
                "E1003 Carla Garcia carla.garcia named", "E1004 David Lee david.lee named",
                "E1005 Eva Novak eva.novak named", "E1006 Femi Okafor femi.okafor named",
                "E9999 - - - placeholder");

        JdbcClient infoMart = JdbcClient.create(gim.dataSource());
        infoMart.sql("""
                INSERT INTO resource_ (resource_key, resource_name, resource_type_code, agent_first_name,
                    agent_last_name, employee_id, user_name, tenant_key, create_audit_key, update_audit_key, purge_flag)
                VALUES (1099, 'zlate', 'AGENT', 'Zoe', 'Late', 'E9999', 'zoe.late', 100, 7, 7, 0)""").update();
        infoMart.sql("UPDATE resource_ SET agent_last_name = 'Johnson-Smith', update_audit_key = 8"
                + " WHERE employee_id = 'E1001'").update();
        run();
        assertThat(agents()).contains("E1001 Alice Johnson-Smith alice.johnson named",
                "E9999 Zoe Late zoe.late named");
        assertThat(jdbc.sql("SELECT last_event_id FROM tenant_100.etl_watermark WHERE feed = 'agents'")
                .query(Long.class).single()).isEqualTo(8);
    }

    private void run() throws Exception {
        assertThat(jobs.run(JobNames.INTRADAY, "100").getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    private List<String> agents() {
        return jdbc.sql("""
                SELECT agent_id || ' ' || coalesce(first_name, '-') || ' ' || coalesce(last_name, '-') || ' '
                    || coalesce(user_name, '-') || ' ' || CASE WHEN is_placeholder THEN 'placeholder' ELSE 'named' END
                FROM tenant_100.agent WHERE agent_key > 0 ORDER BY agent_id""")
                .query(String.class).list();
    }
}
