package org.openiwd.etl.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.sql.testing.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The BI role of a tenant schema on the real server: a login granted it reads the tenant's tables and report
 * views, including ones a later migration adds, and can change nothing there nor read anything else; dropping
 * the tenant's Data Mart drops the role.
 */
class BiReadRoleTest {

    static TestDatabase db;
    static JdbcClient jdbc;
    static TenantRegistry registry;
    static String login;

    @BeforeAll
    static void twoTenantsAndABiLogin() {
        db = TestDatabase.create("bi_role");
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/etl").schemas("etl").load().migrate();
        jdbc = JdbcClient.create(db.dataSource());
        BiReadRoles roles = new BiReadRoles(jdbc, new BiRoleProperties(true, ""));
        registry = new TenantRegistry(jdbc, new DataMartSchemas(db.dataSource(), roles));
        registry.register(DataMartTenant.of("Acme", "Acme", "UTC"));
        registry.register(DataMartTenant.of("other", "Other", "UTC"));
        login = db.name() + "_reporting";
        jdbc.sql("CREATE ROLE " + login + " LOGIN PASSWORD 'reporting'").update();
        jdbc.sql("GRANT " + db.name() + "_acme_bi TO " + login).update();
    }

    @AfterAll
    static void dropAll() {
        jdbc.sql("DROP ROLE IF EXISTS " + login).update();
        db.close();
    }

    @Test
    void aLoginGrantedTheRoleReadsTheTenantsTablesAndViewsAndNothingElse() throws SQLException {
        assertThat(jdbc.sql("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?").param(db.name() + "_acme_bi")
                .query(Boolean.class).single()).as("NOLOGIN").isFalse();
        try (Connection bi = connectAs(login)) {
            assertThat(count(bi, "SELECT count(*) FROM tenant_acme.tenant")).isOne();
            assertThat(count(bi, "SELECT count(*) FROM tenant_acme.i_task_fact")).isZero();
            assertThat(count(bi, "SELECT count(*) FROM tenant_acme.task_event_fact")).isZero();
            assertThat(count(bi, "SELECT count(*) FROM tenant_acme.iwd_agg_task_classif_fact_15min")).isZero();
            assertThat(count(bi, "SELECT count(*) FROM tenant_acme.date_time")).isNotNegative();

            refused(bi, "INSERT INTO tenant_acme.etl_quarantine (feed, raw_payload, reason, etl_audit_key)"
                    + " VALUES ('task', '{}', 'x', 0)");
            refused(bi, "UPDATE tenant_acme.tenant SET name = 'x'");
            refused(bi, "DELETE FROM tenant_acme.etl_watermark");
            refused(bi, "TRUNCATE tenant_acme.etl_audit");
            refused(bi, "CREATE TABLE tenant_acme.mine (x int)");
            refused(bi, "SELECT count(*) FROM tenant_other.tenant");
            refused(bi, "SELECT count(*) FROM etl.tenant");
        }
    }

    @Test
    void tablesAndViewsOfLaterMigrationsAreReadableAndRegisteringAgainChangesNothing() throws SQLException {
        // As the Data Mart's user, the way a later migration creates them.
        jdbc.sql("CREATE TABLE tenant_acme.later_fact (x int)").update();
        jdbc.sql("CREATE VIEW tenant_acme.iwd_agg_later AS SELECT x FROM tenant_acme.later_fact").update();
        try (Connection bi = connectAs(login)) {
            assertThat(count(bi, "SELECT count(*) FROM tenant_acme.later_fact")).as("default privileges").isZero();
            assertThat(count(bi, "SELECT count(*) FROM tenant_acme.iwd_agg_later")).isZero();
        }
        registry.register(DataMartTenant.of("Acme", "Acme", "UTC"));
        try (Connection bi = connectAs(login)) {
            assertThat(count(bi, "SELECT count(*) FROM tenant_acme.iwd_agg_later")).isZero();
            refused(bi, "INSERT INTO tenant_acme.later_fact VALUES (1)");
        }
    }

    @Test
    void droppingADeletedTenantsDataMartDropsItsRoleAndAServedTenantIsNotDropped() {
        BiReadRoles roles = new BiReadRoles(jdbc, new BiRoleProperties(true, ""));
        registry.register(DataMartTenant.of("gone-1", "Gone", "UTC"));
        String role = roles.roleOf("tenant_gone_1");
        assertThat(role).isEqualTo(db.name() + "_gone_1_bi");
        assertThat(roleExists(role)).isTrue();

        assertThatThrownBy(() -> registry.drop("gone-1")).hasMessageContaining("still served");
        registry.markDeleted("gone-1");
        registry.drop("gone-1");

        assertThat(roleExists(role)).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'tenant_gone_1'").query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM etl.tenant WHERE tenant_id = 'gone-1'").query(Long.class)
                .single()).isZero();
        registry.drop("gone-1");
    }

    @Test
    void theRoleIsNamedAfterTheConfiguredPrefixWhenThereIsOne() {
        assertThat(new BiReadRoles(jdbc, new BiRoleProperties(true, "iwddm")).roleOf("tenant_100"))
                .isEqualTo("iwddm_100_bi");
    }

    private static boolean roleExists(String role) {
        return jdbc.sql("SELECT count(*) FROM pg_roles WHERE rolname = ?").param(role).query(Long.class).single() > 0;
    }

    private static Connection connectAs(String user) throws SQLException {
        return DriverManager.getConnection(db.url(), user, "reporting");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void refused(Connection c, String sql) {
        assertThatThrownBy(() -> c.createStatement().execute(sql)).as(sql)
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo("42501"));
    }
}
