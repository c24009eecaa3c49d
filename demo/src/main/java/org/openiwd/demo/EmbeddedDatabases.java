package org.openiwd.demo;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL 15 (the major version of the real servers) on a free port with the demo's databases:
 * {@code iwd}, {@code iwddm}, and {@code gim} holding the Info Mart fixture; deleted on close.
 */
final class EmbeddedDatabases implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabases(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabases start() throws IOException, SQLException {
        Progress.step("Starting an embedded PostgreSQL 15");
        // The server's and the fixture migration's log lines would bury the demo's progress; errors still show.
        for (String noisy : new String[] {"io.zonky", "org.flywaydb"}) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(noisy))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE iwd");
            s.execute("CREATE DATABASE iwddm");
            s.execute("CREATE DATABASE gim");
        }
        org.flywaydb.core.Flyway.configure().dataSource(postgres.getDatabase("postgres", "gim"))
                .locations("classpath:db/infomart").load().migrate();
        Progress.done("PostgreSQL on port " + postgres.getPort() + " with databases iwd, iwddm and gim (an Info Mart"
                + " with six agents of tenant 100)");
        return new EmbeddedDatabases(postgres);
    }

    String url(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
