package org.openiwd.etl.tenant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The read-only role of a tenant's Data Mart for BI tools, {@code <prefix>_<tenant>_bi} (NOLOGIN): USAGE on the
 * tenant schema and SELECT on all its tables and views, including those that later migrations add (default
 * privileges of the Data Mart's user, which runs the migrations, and a fresh grant after every migration).
 * Administrators grant it to the BI tools' login roles. Nothing on the {@code etl} schema or any other tenant.
 *
 * <p>Idempotent and safe when replicas register the same tenant at once: the role is created and granted in one
 * statement under a transaction-scoped advisory lock.
 */
@Component
class BiReadRoles {

    private final JdbcClient jdbc;
    private final BiRoleProperties settings;

    BiReadRoles(JdbcClient jdbc, BiRoleProperties settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** The role of the schema: {@code tenant_100} in database {@code iwddm} gives {@code iwddm_100_bi}. */
    String roleOf(String schema) {
        String prefix = settings.prefix().isEmpty()
                ? jdbc.sql("SELECT current_database()").query(String.class).single()
                : settings.prefix();
        String role = prefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
                + schema.substring("tenant_".length()) + "_bi";
        if (role.length() > 63) {
            throw new IllegalStateException("BI role name " + role + " is longer than PostgreSQL's 63 characters:"
                    + " set a shorter iwd.etl.bi-role.prefix");
        }
        return role;
    }

    /** Creates the schema's role if needed and grants it read access to everything in the schema. */
    void grant(String schema) {
        if (!settings.enabled()) {
            return;
        }
        String role = roleOf(schema);
        jdbc.sql("""
                DO $$
                BEGIN
                    PERFORM pg_advisory_xact_lock(hashtext('iwd-bi-role:%1$s'));
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                        CREATE ROLE %1$s NOLOGIN;
                    END IF;
                    GRANT USAGE ON SCHEMA %2$s TO %1$s;
                    GRANT SELECT ON ALL TABLES IN SCHEMA %2$s TO %1$s;
                    ALTER DEFAULT PRIVILEGES IN SCHEMA %2$s GRANT SELECT ON TABLES TO %1$s;
                END $$""".formatted(role, schema))
                .update();
    }

    /**
     * Revokes what the role holds on the schema and drops it, members' grants included; idempotent. (Not
     * {@code DROP OWNED BY}, which needs membership in the role.)
     */
    void drop(String schema) {
        String role = roleOf(schema);
        jdbc.sql("""
                DO $$
                BEGIN
                    PERFORM pg_advisory_xact_lock(hashtext('iwd-bi-role:%1$s'));
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                        RETURN;
                    END IF;
                    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '%2$s') THEN
                        ALTER DEFAULT PRIVILEGES IN SCHEMA %2$s REVOKE SELECT ON TABLES FROM %1$s;
                        REVOKE ALL ON ALL TABLES IN SCHEMA %2$s FROM %1$s;
                        REVOKE ALL ON SCHEMA %2$s FROM %1$s;
                    END IF;
                    DROP ROLE %1$s;
                END $$""".formatted(role, schema))
                .update();
    }
}
