package org.openiwd.sql.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh PostgreSQL database on the real server of {@code ./iwd services}, one per test class, so that test
 * classes are independent and can run in any order. The server is found through {@code IWD_TEST_PG_HOST},
 * {@code IWD_TEST_PG_PORT}, {@code IWD_TEST_PG_USER} and {@code IWD_TEST_PG_PASSWORD} (defaults 127.0.0.1, 5432,
 * iwd, iwd: the role {@code ./iwd services start} creates).
 *
 * <p>Create it in a {@code static} field or {@code @BeforeAll}, and {@link #close()} it in {@code @AfterAll}: the
 * database is dropped even while connections are still open. A database not closed is dropped when the JVM
 * exits, which suits one made for a cached Spring context.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String HOST = env("IWD_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("IWD_TEST_PG_PORT", "5432");
    private static final String USER = env("IWD_TEST_PG_USER", "iwd");
    private static final String PASSWORD = env("IWD_TEST_PG_PASSWORD", "iwd");

    private static final java.util.Set<String> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        // Databases of Spring contexts that are closed only at JVM exit are dropped then.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(TestDatabase::drop)));
    }

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** Creates an empty database named after {@code purpose} and a random suffix. */
    public static TestDatabase create(String purpose) {
        String name = ("t_" + purpose.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + name);
        OPEN.add(name);
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String url() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** An unpooled data source: fine for migrations and assertions, not for load. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
    }

    @Override
    public void close() {
        drop(name);
    }

    private static void drop(String name) {
        if (OPEN.remove(name)) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            dropBiRoles(name);
        }
    }

    /**
     * The Data Mart's BI roles are named after their database ({@code <database>_<tenant>_bi}) and outlive it,
     * since roles belong to the server: they go with the database.
     */
    private static void dropBiRoles(String database) {
        String url = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
             var roles = c.prepareStatement("SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?)"
                     + " AND rolname LIKE '%\\_bi'")) {
            roles.setString(1, database + "_");
            var names = new java.util.ArrayList<String>();
            try (var rs = roles.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String role : names) {
                c.createStatement().execute("DROP ROLE IF EXISTS " + role);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot drop the BI roles of test database " + database + ": "
                    + e.getMessage(), e);
        }
    }

    private static void admin(String sql) {
        String url = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD)) {
            c.createStatement().execute(sql);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Test PostgreSQL at " + url + " as " + USER
                    + " refused '" + sql + "' (is it up? ./iwd services start): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
