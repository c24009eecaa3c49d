package org.openiwd.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.sql.testing.TestDatabase;

/** Every schema migrates from empty on the real PostgreSQL, and a second run changes nothing. */
class MigrationsTest {

    static TestDatabase iwd;
    static TestDatabase iwddm;

    @BeforeAll
    static void createDatabases() {
        iwd = TestDatabase.create("migrations_iwd");
        iwddm = TestDatabase.create("migrations_iwddm");
    }

    @AfterAll
    static void dropDatabases() {
        iwd.close();
        iwddm.close();
    }

    @Test
    void iwdSchemaAppliesFromEmptyAndASecondRunChangesNothing() throws SQLException {
        try (TestDatabase empty = TestDatabase.create("migrations_empty")) {
            Flyway flyway = Flyway.configure().dataSource(empty.dataSource()).locations("classpath:db/iwd").load();
            MigrateResult first = flyway.migrate();
            assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(4);
            assertThat(flyway.migrate().migrationsExecuted).isZero();
            assertThat(tables(empty, "public")).contains("tenant", "api_key", "config_object", "config_event", "task",
                    "task_event", "feed_sequencer", "audit_log");
        }
    }

    @Test
    void etlControlSchemaHoldsSpringBatchQuartzAndTheTenantRegistry() throws SQLException {
        Flyway flyway = etl();
        flyway.migrate();
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(tables(iwddm, "etl")).contains("batch_job_instance", "batch_job_execution",
                "batch_step_execution_context", "qrtz_triggers", "qrtz_locks", "tenant");
    }

    @Test
    void twoTenantDataMartsLiveSideBySideWithTheirOwnHistory() throws SQLException {
        etl().migrate();
        for (String schema : List.of("tenant_a", "tenant_b")) {
            Flyway flyway = datamart(schema);
            assertThat(flyway.migrate().migrationsExecuted).isGreaterThanOrEqualTo(4);
            assertThat(flyway.migrate().migrationsExecuted).isZero();
        }
        try (Connection c = iwddm.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO tenant_a.solution (solution_id, name) VALUES ('s1', 'Only in A')");
            assertThat(count(s, "SELECT count(*) FROM tenant_a.solution WHERE solution_id = 's1'")).isOne();
            assertThat(count(s, "SELECT count(*) FROM tenant_b.solution WHERE solution_id = 's1'")).isZero();
            assertThat(count(s, "SELECT count(*) FROM tenant_a.flyway_schema_history WHERE success")).isPositive();
            assertThat(count(s, "SELECT count(*) FROM tenant_b.flyway_schema_history WHERE success")).isPositive();
        }
        assertThat(tables(iwddm, "tenant_a")).contains("i_task_event_fact", "h_task_event_fact", "i_task_fact",
                "h_task_fact", "h_task_classif_fact_15min", "date_time", "event_date", "etl_watermark",
                "etl_audit", "etl_touched_interval", "etl_quarantine", "status", "priority", "business_value", "age",
                "h_task_queue_fact_15min", "h_task_agent_fact_15min", "h_task_capt_fact_15min",
                "h_task_age_fact_15min", "h_task_classif_fact_day", "h_task_queue_fact_day", "h_task_agent_fact_day",
                "h_task_capt_fact_day", "h_task_age_fact_day", "etl_age_snapshot");
    }

    @Test
    void everyViewCompilesAndAnswers() throws SQLException {
        etl().migrate();
        datamart("tenant_views").migrate();
        Flyway.configure().dataSource(iwd.dataSource()).locations("classpath:db/iwd").load().migrate();
        List<String> views = new ArrayList<>();
        for (TestDatabase db : List.of(iwd, iwddm)) {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("""
                        SELECT schemaname || '.' || viewname FROM pg_views
                        WHERE schemaname NOT IN ('pg_catalog', 'information_schema')""");
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                for (String view : names) {
                    s.executeQuery("SELECT * FROM " + view + " LIMIT 1").close();
                }
                views.addAll(names);
            }
        }
        assertThat(views).contains("tenant_views.task_event_fact", "tenant_views.task_fact",
                "tenant_views.iwd_agg_task_classif_fact_15min");
        for (String area : List.of("task_classif", "task_queue", "task_agent", "task_capt", "task_age")) {
            for (String grain : List.of("15min", "30min", "hour", "day", "week", "month", "qrtr", "year")) {
                assertThat(views).contains("tenant_views.iwd_agg_" + area + "_fact_" + grain);
            }
        }
    }

    @Test
    void staticDimensionsAreSeeded() throws SQLException {
        etl().migrate();
        datamart("tenant_seeded").migrate();
        try (Connection c = iwddm.connect(); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM tenant_seeded.status")).isEqualTo(8);
            assertThat(count(s, "SELECT count(*) FROM tenant_seeded.status WHERE is_final")).isEqualTo(3);
            assertThat(count(s, "SELECT count(*) FROM tenant_seeded.status WHERE is_held")).isEqualTo(2);
            assertThat(count(s, "SELECT count(*) FROM tenant_seeded.task_event_type")).isEqualTo(13);
            assertThat(count(s, "SELECT count(*) FROM tenant_seeded.priority")).isEqualTo(8);
            assertThat(count(s, "SELECT count(*) FROM tenant_seeded.business_value")).isEqualTo(8);
            assertThat(count(s, "SELECT count(*) FROM tenant_seeded.age")).isEqualTo(10);
            assertThat(count(s, "SELECT count(*) FROM tenant_seeded.age a JOIN tenant_seeded.age b"
                    + " ON b.lower_sec = a.upper_sec")).as("age bands follow each other without gaps").isEqualTo(9);
            assertThat(count(s, "SELECT count(*) FROM tenant_seeded.etl_watermark WHERE last_event_id = 0"))
                    .isEqualTo(3);
        }
    }

    @Test
    void infoMartFixtureLoadsWithAgentsOfTwoTenants() throws SQLException {
        try (TestDatabase gim = TestDatabase.create("migrations_gim")) {
            Flyway.configure().dataSource(gim.dataSource()).locations("classpath:db/infomart").load().migrate();
            try (Connection c = gim.connect(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM resource_ WHERE resource_type_code = 'AGENT'"
                        + " AND tenant_key = 100")).isEqualTo(6);
                assertThat(count(s, "SELECT count(*) FROM resource_ WHERE tenant_key = 200")).isEqualTo(2);
            }
        }
    }

    private Flyway etl() {
        return Flyway.configure().dataSource(iwddm.dataSource()).locations("classpath:db/etl")
                .schemas("etl").load();
    }

    private Flyway datamart(String schema) {
        return Flyway.configure().dataSource(iwddm.dataSource()).locations("classpath:db/datamart")
                .schemas(schema).load();
    }

    private static List<String> tables(TestDatabase db, String schema) throws SQLException {
        try (Connection c = db.connect();
             ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
            return names;
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
