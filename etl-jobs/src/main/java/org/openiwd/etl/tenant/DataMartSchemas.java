package org.openiwd.etl.tenant;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Migrates a tenant's Data Mart schema with Flyway ({@code classpath:db/datamart}), with the history table in
 * that schema, so tenants are at their own versions and migrate independently, then grants the schema's BI role
 * ({@link BiReadRoles}) read access to what is there. Idempotent. {@link #drop} removes the schema and its role.
 */
@Component
class DataMartSchemas {

    private final DataSource dataSource;
    private final BiReadRoles biRoles;

    DataMartSchemas(DataSource dataSource, BiReadRoles biRoles) {
        this.dataSource = dataSource;
        this.biRoles = biRoles;
    }

    MigrateResult migrate(String schema) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/datamart")
                .schemas(schema)
                .load()
                .migrate();
        biRoles.grant(schema);
        return result;
    }

    /** Drops the schema with everything in it, and its BI role; idempotent. */
    void drop(String schema) {
        biRoles.drop(schema);
        new JdbcTemplate(dataSource).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
