package org.openiwd.etl.tenant;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.stereotype.Component;

/**
 * Migrates a tenant's Data Mart schema with Flyway ({@code classpath:db/datamart}), with the history table in
 * that schema, so tenants are at their own versions and migrate independently. Idempotent.
 */
@Component
class DataMartSchemas {

    private final DataSource dataSource;

    DataMartSchemas(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    MigrateResult migrate(String schema) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/datamart")
                .schemas(schema)
                .load()
                .migrate();
    }
}
