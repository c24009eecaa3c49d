package org.openiwd.etl.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.web.client.RestClient;

/**
 * Configuration changes made through the real API reach the dimensions: names, a new version of a process as a
 * second SCD-2 row with facts on either side of the change joining the version valid then, placeholders named in
 * place, and a replay that changes nothing.
 */
class LoadConfigTest extends EtlWithApiTest {

    @Test
    void configurationBecomesDimensionsWithHistory() throws Exception {
        RestClient api = api(provisionWithImportKey("cfg", "UTC"));
        api.post().uri("/solutions").body(Map.of("id", "bo", "name", "Back office")).retrieve().toBodilessEntity();
        api.post().uri("/departments").body(Map.of("id", "fin", "name", "Finance", "parentId", "bo")).retrieve()
                .toBodilessEntity();
        api.post().uri("/processes").body(Map.of("id", "refund", "name", "Refund", "parentId", "fin")).retrieve()
                .toBodilessEntity();
        api.post().uri("/queues").body(Map.of("id", "q1", "name", "Billing queue")).retrieve().toBodilessEntity();
        Object task = api.post().uri("/tasks").body(Map.of("captureId", "t1", "processId", "refund",
                "queueId", "q1")).retrieve().body(Map.class).get("id");
        // An event of a process the Data Mart has not been told about yet: a placeholder until it is configured.
        api.post().uri("/tasks").body(Map.of("captureId", "t2", "processId", "late")).retrieve().toBodilessEntity();
        tenants.sync();
        run(JobNames.INTRADAY);

        assertThat(rows("SELECT process_id || ' v' || version || ' ' || name || ' dept=' || coalesce(department_id, '')"
                + " || ' placeholder=' || is_placeholder FROM tenant_cfg.process WHERE process_key > 0 ORDER BY 1"))
                .containsExactly("late v0 late dept= placeholder=true", "refund v1 Refund dept=fin placeholder=false");
        assertThat(rows("SELECT name FROM tenant_cfg.queue WHERE queue_key > 0")).containsExactly("Billing queue");
        assertThat(rows("SELECT d.name FROM tenant_cfg.i_task_event_fact f JOIN tenant_cfg.department d"
                + " USING (department_key) WHERE f.task_id = " + task + " ORDER BY event_id"))
                .as("a task naming only its process belongs to the process's department")
                .containsExactly("Finance", "Finance");

        api.put().uri("/processes/refund").body(Map.of("name", "Refunds", "parentId", "fin")).retrieve()
                .toBodilessEntity();
        api.post().uri("/processes").body(Map.of("id", "late", "name", "Late process", "parentId", "fin"))
                .retrieve().toBodilessEntity();
        api.post().uri("/tasks/{id}/complete", task).body(Map.of()).retrieve().toBodilessEntity();
        run(JobNames.INTRADAY);

        assertThat(rows("SELECT process_id || ' v' || version || ' ' || name || ' open=' || (valid_to = 'infinity')"
                + " FROM tenant_cfg.process WHERE process_key > 0 ORDER BY process_id, version"))
                .containsExactly("late v1 Late process open=true", "refund v1 Refund open=false",
                        "refund v2 Refunds open=true");
        assertThat(rows("SELECT t.name || ':' || p.name FROM tenant_cfg.i_task_event_fact f"
                + " JOIN tenant_cfg.process p USING (process_key) JOIN tenant_cfg.task_event_type t"
                + " USING (task_event_type_key) WHERE f.task_id = " + task + " ORDER BY event_id"))
                .as("each event joins the version valid when it happened")
                .containsExactly("Created:Refund", "Queued:Refund", "Completed:Refunds");

        List<String> before = rows("SELECT process_key || process_id || version || name || valid_from || valid_to"
                + " FROM tenant_cfg.process ORDER BY 1");
        jdbc.sql("UPDATE tenant_cfg.etl_watermark SET last_event_id = 0 WHERE feed = 'config'").update();
        run(JobNames.LOAD_CONFIG);
        assertThat(rows("SELECT process_key || process_id || version || name || valid_from || valid_to"
                + " FROM tenant_cfg.process ORDER BY 1")).as("a replay changes nothing").isEqualTo(before);
    }

    private void run(String job) throws Exception {
        assertThat(jobs.run(job, "cfg").getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    private List<String> rows(String sql) {
        return jdbc.sql(sql).query(String.class).list();
    }
}
