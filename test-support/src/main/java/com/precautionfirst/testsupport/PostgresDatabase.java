package com.precautionfirst.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL database of its own for one test class, on the machine's server (CI: 127.0.0.1:5432, trust auth,
 * user postgres; override with {@code TREATMENT_TEST_PG_HOST}, {@code TREATMENT_TEST_PG_PORT},
 * {@code TREATMENT_TEST_PG_USER}). Created before the class, dropped after it, so that parallel runs by other
 * people never see each other's data. The database is dropped when the test run ends rather than right after the
 * class: a Spring context cached by the test framework may still hold connections then (close it with
 * {@code @DirtiesContext}).
 *
 * <pre>{@code @RegisterExtension static final PostgresDatabase DB = new PostgresDatabase();}</pre>
 */
public class PostgresDatabase implements BeforeAllCallback {

    private static final String HOST = env("TREATMENT_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("TREATMENT_TEST_PG_PORT", "5432");
    private static final String USER = env("TREATMENT_TEST_PG_USER", "postgres");

    private final String name = "treatment_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private boolean created;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        create();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .put(this, (ExtensionContext.Store.CloseableResource) this::drop);
    }

    /** For callers outside JUnit's lifecycle (e.g. the benchmark). */
    public void create() throws SQLException {
        admin("CREATE DATABASE " + name);
        created = true;
    }

    public void drop() throws SQLException {
        if (created) {
            // FORCE: a process under test that did not exit cleanly must not keep the database alive
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            created = false;
        }
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
        return "";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
