package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.PostgresDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker/app-role.sql} run as the DBA runs it ({@code psql -f}, with the psql variables it documents), for a
 * role name of the test's own: roles belong to the whole cluster, so {@code treatment_app} itself could be another
 * run's or a developer's. {@link #drop} removes the role again.
 */
final class AppRoleScript {

    /** Surefire runs a module's tests in the module's folder. */
    static final Path SCRIPT = Path.of("..", "docker", "app-role.sql").toAbsolutePath().normalize();

    final String role = "treatment_app_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final String password = UUID.randomUUID().toString();

    /** Runs the script on {@code database} as its (super)user, the migrations' role. */
    AppRoleScript runOn(PostgresDatabase database) throws IOException, InterruptedException {
        URI server = URI.create(database.url().substring("jdbc:".length()));
        Process psql = new ProcessBuilder(List.of("psql", "-X", "-q", "-h", server.getHost(),
                "-p", String.valueOf(server.getPort()), "-U", database.user(), "-d", database.name(),
                "-v", "app_role=" + role, "-v", "app_password=" + password, "-f", SCRIPT.toString()))
                .redirectErrorStream(true).start();
        psql.getOutputStream().close();
        String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(psql.waitFor(60, TimeUnit.SECONDS)).as("psql finished").isTrue();
        assertThat(psql.exitValue()).as("psql -f %s:%n%s", SCRIPT, output).isZero();
        return this;
    }

    Connection connect(PostgresDatabase database) throws SQLException {
        return DriverManager.getConnection(database.url(), role, password);
    }

    /** Its privileges in {@code database} (the only one it has any in) first, else the role cannot be dropped. */
    void drop(PostgresDatabase database) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            if (s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'").next()) {
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE " + role);
            }
        }
    }
}
