package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Task custom attributes through the real API and feed into the task fact's columns and {@code custom_dim}, by the
 * default mapping of the configuration and the tenant's overrides: exact texts of strings, numbers, booleans,
 * times and dates, and a mapping change that applies to the events loaded after it.
 */
@TestPropertySource(properties = {
    "iwd.etl.custom-attributes.columns.1=amount",
    "iwd.etl.custom-attributes.columns.2=due",
    "iwd.etl.custom-attributes.columns.3=vip",
    "iwd.etl.custom-attributes.columns.10=region",
    "iwd.etl.custom-attributes.dimension=region,vip"})
class CustomAttributeMappingTest extends EtlWithApiTest {

    @Test
    void mappedAttributesAreRenderedIntoTheTaskFactAndCustomDimAndAMappingChangeAppliesToNewEvents()
            throws Exception {
        RestClient importer = api(provisionWithImportKey("attrs", "UTC"));
        long first = create(importer, "T1", Map.of("amount", new BigDecimal("12.50"),
                "due", "2026-03-02T10:00:00+01:00", "vip", true, "region", "north", "unmapped", "x"));
        create(importer, "T2", Map.of("amount", 1.0e3, "due", "2026-03-05", "vip", false, "region", "south",
                "note", "tab\there"));
        create(importer, "T3", Map.of());
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, "attrs").getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(facts()).containsExactly(
                "T1 | 12.5 | 2026-03-02T09:00:00Z | true | north | north,true",
                "T2 | 1000 | 2026-03-05 | false | south | south,false",
                "T3 | - | - | - | - | ,");
        assertThat(dims()).containsExactly(",,,,", "north,true,,,", "south,false,,,");
        assertThat(jdbc.sql("SELECT count(*) FROM tenant_attrs.task_fact WHERE custom_attribute1 = '12.5'")
                .query(Long.class).single()).as("the blended view has the columns").isOne();

        // The tenant maps column 1 to region and drops vip from the dimension; only tasks with new events follow.
        jdbc.sql("""
                INSERT INTO etl.tenant_custom_attribute (tenant_id, target, attribute)
                VALUES ('attrs', 'custom_attribute1', 'region'), ('attrs', 'custom_dim2', NULL)""").update();
        importer.patch().uri("/tasks/{id}", first).body(Map.of("attributes", Map.of("region", "west")))
                .retrieve().toBodilessEntity();
        create(importer, "T4", Map.of("region", "east", "amount", -0.5, "vip", true));
        assertThat(jobs.run(JobNames.INTRADAY, "attrs").getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(facts()).containsExactly(
                "T1 | west | 2026-03-02T09:00:00Z | true | west | west,",
                "T2 | 1000 | 2026-03-05 | false | south | south,false",
                "T3 | - | - | - | - | ,",
                "T4 | east | - | true | east | east,");
        assertThat(dims()).containsExactly(",,,,", "east,,,,", "north,true,,,", "south,false,,,", "west,,,,");
    }

    private List<String> facts() {
        return jdbc.sql("""
                SELECT f.capture_id || ' | ' || concat_ws(' | ', coalesce(f.custom_attribute1, '-'),
                    coalesce(f.custom_attribute2, '-'), coalesce(f.custom_attribute3, '-'),
                    coalesce(f.custom_attribute10, '-'), d.dim_attribute1 || ',' || d.dim_attribute2)
                FROM tenant_attrs.i_task_fact f
                JOIN tenant_attrs.custom_dim d USING (custom_dim_key)
                WHERE num_nonnulls(f.custom_attribute4, f.custom_attribute5, f.custom_attribute6,
                    f.custom_attribute7, f.custom_attribute8, f.custom_attribute9) = 0
                ORDER BY f.capture_id""").query(String.class).list();
    }

    private List<String> dims() {
        return jdbc.sql("""
                SELECT concat_ws(',', dim_attribute1, dim_attribute2, dim_attribute3, dim_attribute4, dim_attribute5)
                FROM tenant_attrs.custom_dim ORDER BY 1""").query(String.class).list();
    }

    private static long create(RestClient importer, String captureId, Map<String, Object> attributes) {
        Map<String, Object> body = new HashMap<>(Map.of("captureId", captureId));
        body.put("attributes", attributes);
        return ((Number) importer.post().uri("/tasks").body(body).retrieve().body(Map.class).get("id"))
                .longValue();
    }
}
