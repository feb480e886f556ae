package com.precautionfirst.support.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.precautionfirst.support.SupportTestApplication;
import com.precautionfirst.support.access.V54__ChainExistingAccessLogEntries;
import com.precautionfirst.support.log.V72__ClientChains;
import com.precautionfirst.support.log.V74__ClientInsurance;
import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 10, point 2: the embedded H2 database, shared by the two services over H2's AUTO_SERVER port, is reachable
 * only by this system. Before, the port listened on every interface and user {@code sa} had an empty password, so
 * any local user who read the world-readable lock file could open the database and run code in the service.
 */
class TheEmbeddedDatabaseIsClosedToOthersTest {

    private static final String OPTIONS = ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    static {
        // as both services' main methods do, before H2 is first touched in this JVM (the old database below is)
        ClosedEmbeddedDatabase.bindToLoopback();
    }

    @TempDir
    Path temp;
    private ConfigurableApplicationContext service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    static Stream<Arguments> waysIn() {
        return Stream.of(
                Arguments.of("the database file, as a third process would open it",
                        (Function<Path, String>) data -> fileUrl(data)),
                Arguments.of("the AUTO_SERVER port named in the lock file",
                        (Function<Path, String>) TheEmbeddedDatabaseIsClosedToOthersTest::serverUrl));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waysIn")
    void saWithAnEmptyPasswordIsRefused(String way, Function<Path, String> url) throws Exception {
        Path data = temp.resolve("data");
        service = start(data);

        assertThatThrownBy(() -> DriverManager.getConnection(url.apply(data), "sa", "").close())
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(28000));
        // nothing happened: still one user, the service's own, and the service still reads its database
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForList("SELECT user_name FROM information_schema.users", String.class))
                .containsExactly("sa");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = 'public'",
                Integer.class)).as("no alias was created").isZero();
    }

    @Test
    void theServerPortListensOnTheLoopbackAddressOnly() throws Exception {
        Path data = temp.resolve("data");
        service = start(data);
        int port = Integer.parseInt(lockFile(data).getProperty("server").replaceAll(".*:", ""));
        List<InetAddress> outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(this::up)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .toList();
        assumeThat(outside).as("this machine has an address other than the loopback").isNotEmpty();

        try (Socket inside = new Socket()) {
            inside.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        }
        for (InetAddress address : outside) {
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, port), 2000))
                        .as("port %d on %s", port, address).isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void thePasswordIsGeneratedIntoAFileOnlyTheOwnerReadsInAFolderOnlyTheOwnerEnters() throws Exception {
        Path data = temp.resolve("data");
        service = start(data);

        Path passwordFile = data.resolve(ClosedEmbeddedDatabase.PASSWORD_FILE);
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(passwordFile)).isEqualTo("rw-------");
        String password = Files.readString(passwordFile).trim();
        assertThat(password).matches("[A-Za-z0-9_-]{43}");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("treatment."))
                    .filter(f -> mode(f).substring(3).contains("r")).toList())
                    .as("database files readable by group or others").isEmpty();
        }
        try (Connection connection = DriverManager.getConnection(fileUrl(data), "sa", password)) {
            assertThat(connection.isValid(1)).isTrue();
        }
        service.close();
        service = start(data);
        assertThat(Files.readString(passwordFile).trim()).as("kept across restarts").isEqualTo(password);
    }

    @Test
    void aPasswordFromTheEnvironmentIsUsedAndNoFileIsWritten() throws Exception {
        Path data = temp.resolve("data");
        service = start(data, "TREATMENT_H2_PASSWORD=from-the-operators-vault");

        assertThat(data.resolve(ClosedEmbeddedDatabase.PASSWORD_FILE)).doesNotExist();
        try (Connection connection = DriverManager.getConnection(fileUrl(data), "sa", "from-the-operators-vault")) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    @Test
    void aDatabaseOfTheEarlierReleaseWithTheEmptyPasswordIsClosedAndKeepsItsData() throws Exception {
        Path data = temp.resolve("data");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        // as the services migrate it, the Java migration included: the service's start validates what is applied
        Flyway.configure().dataSource(fileUrl(data), "sa", "").locations("classpath:db/migration")
                .javaMigrations(new V54__ChainExistingAccessLogEntries(), new V72__ClientChains(),
                        new V74__ClientInsurance()).load().migrate();
        try (Connection old = DriverManager.getConnection(fileUrl(data), "sa", "")) {
            old.createStatement().execute("INSERT INTO app_user (user_id, role, insurer_id, active, password_hash)"
                    + " VALUES ('therapist-a', 'THERAPIST', NULL, TRUE, '{bcrypt}kept')");
        }

        service = start(data);

        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT password_hash FROM app_user WHERE user_id = 'therapist-a'", String.class))
                .isEqualTo("{bcrypt}kept");
        assertThatThrownBy(() -> DriverManager.getConnection(fileUrl(data), "sa", "").close())
                .isInstanceOf(SQLException.class);
        assertThat(mode(data)).isEqualTo("rwx------");
    }

    private static ConfigurableApplicationContext start(Path data, String... properties) {
        // arguments, not default properties: treatment-common.yml would override those
        return new SpringApplicationBuilder(SupportTestApplication.class)
                .run(Stream.concat(Stream.of("server.port=0", "treatment.data-dir=" + data), Stream.of(properties))
                        .map(p -> "--" + p).toArray(String[]::new));
    }

    private static String fileUrl(Path data) {
        return "jdbc:h2:file:" + data.resolve("treatment") + OPTIONS;
    }

    private static String serverUrl(Path data) {
        Properties lock = lockFile(data);
        return "jdbc:h2:tcp://" + lock.getProperty("server") + "/" + lock.getProperty("id");
    }

    private static Properties lockFile(Path data) {
        Properties lock = new Properties();
        try (Reader reader = Files.newBufferedReader(data.resolve("treatment.lock.db"))) {
            lock.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return lock;
    }

    private static String mode(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return PosixFilePermissions.toString(permissions);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean up(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (java.net.SocketException e) {
            return false;
        }
    }
}
