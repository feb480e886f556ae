package com.precautionfirst.support.exposure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.precautionfirst.support.SupportTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 10, point 3: after the database closed under the service (an out-of-memory rebuild), every command answered
 * 500 while {@code /actuator/health} still said UP: the pool's connections passed the JDBC validity check, which on
 * H2 asks the session, not the database. Health now runs a query against the schema and is DOWN (503) when the
 * database cannot answer it.
 */
class HealthIsDownWhenTheDatabaseCannotBeQueriedTest {

    @TempDir
    Path dataDir;

    interface Breakage {
        void breakIt(ConfigurableApplicationContext service, Path dataDir) throws Exception;
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("its storage closed under the open connections, as after the out-of-memory",
                        (Breakage) (service, dir) -> {
                            try (Connection connection = service.getBean(DataSource.class).getConnection()) {
                                ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase()
                                        .getStore().getMvStore().closeImmediately();
                            }
                        }),
                Arguments.of("shut down, and its file gone so that it cannot be opened again",
                        (Breakage) (service, dir) -> {
                            // not through the pool, which would open the database again at once
                            try (Connection connection = DriverManager.getConnection(
                                    service.getEnvironment().getProperty("spring.datasource.url"), "sa",
                                    Files.readString(dir.resolve("h2-password")))) {
                                connection.createStatement().execute("SHUTDOWN");
                            }
                            Files.delete(dir.resolve("treatment.mv.db"));
                            Files.createDirectory(dir.resolve("treatment.mv.db"));
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void healthIs503Down(String breakage, Breakage how) throws Exception {
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(SupportTestApplication.class)
                .run("--server.port=0", "--treatment.data-dir=" + dataDir,
                        // the pool waits this long for a connection that cannot be made (default 30 s)
                        "--spring.datasource.hikari.connection-timeout=1000")) {
            String health = "http://localhost:" + service.getEnvironment().getProperty("local.server.port")
                    + "/actuator/health";
            assertThat(get(health).statusCode()).isEqualTo(200);

            how.breakIt(service, dataDir);

            assertThatThrownBy(() -> service.getBean(JdbcTemplate.class)
                    .queryForObject("SELECT COUNT(*) FROM flyway_schema_history", Integer.class))
                    .as("the database really cannot be queried").isNotNull();
            HttpResponse<String> response = get(health);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.body()).contains("\"status\":\"DOWN\"");
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
