package com.precautionfirst.support.database;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import java.util.stream.Stream;
import org.h2.engine.SysProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 default is reachable only by this system (decision 0006):
 * <ul>
 * <li>the AUTO_SERVER port, through which the second service joins the first, listens on the loopback address only
 * ({@link #bindToLoopback}, first thing in both {@code main} methods, and again here before H2 is used);</li>
 * <li>user {@code sa} has a password: {@code TREATMENT_H2_PASSWORD} ({@code spring.datasource.password}) or else one
 * generated on first start into {@value #PASSWORD_FILE} in the data folder, readable by the owner only, which both
 * services read;</li>
 * <li>a database of an earlier release, created with the empty password, is given the password on first start;</li>
 * <li>the data folder is {@code 0700} and the database's files in it {@code 0600} (files H2 makes later, such as a new
 * lock file, are shielded by the folder).</li>
 * </ul>
 * Applies to every {@code jdbc:h2:file:} URL; the {@code postgres} profile is untouched.
 */
@Component
public class ClosedEmbeddedDatabase implements BeanPostProcessor, ApplicationListener<ApplicationReadyEvent> {

    public static final String PASSWORD_FILE = "h2-password";
    private static final String FILE_URL = "jdbc:h2:file:";
    private static final String LOOPBACK = "127.0.0.1";
    private static final int WRONG_USER_OR_PASSWORD = 28000;
    private static final int ERROR_OPENING_DATABASE = 8000;
    private static final int OPEN_ATTEMPTS = 20;
    private static final Logger log = LoggerFactory.getLogger(ClosedEmbeddedDatabase.class);

    private volatile Path database;

    /** H2 reads {@code h2.bindAddress} once, when its classes initialise: call this before anything touches H2. */
    public static void bindToLoopback() {
        System.setProperty("h2.bindAddress", LOOPBACK);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null
                && dataSource.getJdbcUrl().startsWith(FILE_URL)) {
            database = closeToOthers(dataSource);
        }
        return bean;
    }

    /** The pool reopened the database after the check below: its new lock file gets the owner-only mode too. */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (database != null) {
            ownerOnlyFiles(database);
        }
    }

    private static Path closeToOthers(HikariDataSource dataSource) {
        String url = dataSource.getJdbcUrl();
        if (url.toUpperCase().contains("AUTO_SERVER=TRUE")) {
            bindToLoopback();
            if (!LOOPBACK.equals(SysProperties.BIND_ADDRESS)) {
                throw new IllegalStateException("H2 was initialised before h2.bindAddress was set: its AUTO_SERVER"
                        + " port would listen on every interface. Call ClosedEmbeddedDatabase.bindToLoopback() first.");
            }
        }
        Path database = Path.of(url.substring(FILE_URL.length()).split(";", 2)[0]).toAbsolutePath();
        Path folder = database.getParent();
        ownerOnlyFolder(folder);
        if (dataSource.getPassword() == null || dataSource.getPassword().isEmpty()) {
            dataSource.setPassword(passwordFile(folder));
        }
        try (Connection ignored = open(url, dataSource.getUsername(), dataSource.getPassword())) {
            // opened (created on first start) with the password; the files exist now
        } catch (SQLException refused) {
            if (refused.getErrorCode() != WRONG_USER_OR_PASSWORD) {
                throw new IllegalStateException("cannot open the embedded database " + database, refused);
            }
            setPasswordOfAnEarlierRelease(url, dataSource.getUsername(), dataSource.getPassword(), refused);
        }
        ownerOnlyFiles(database);
        return database;
    }

    private static void ownerOnlyFiles(Path database) {
        String name = database.getFileName().toString() + ".";
        try (Stream<Path> files = Files.list(database.getParent())) {
            files.filter(f -> f.getFileName().toString().startsWith(name) && Files.isRegularFile(f))
                    .forEach(ClosedEmbeddedDatabase::ownerOnlyFile);
        } catch (NoSuchFileException gone) {
            // the folder went away under a test; nothing left to protect
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Earlier releases created the database with the empty password: set the new one, once. */
    private static void setPasswordOfAnEarlierRelease(String url, String user, String password, SQLException refused) {
        if (!user.matches("[A-Za-z0-9_]+")) {
            throw new IllegalStateException("unexpected database user " + user, refused);
        }
        try (Connection old = open(url, user, ""); Statement statement = old.createStatement()) {
            statement.execute("ALTER USER " + user + " SET PASSWORD '" + password.replace("'", "''") + "'");
            log.info("The embedded database had the empty password of earlier releases; it now has its own.");
        } catch (SQLException e) {
            e.addSuppressed(refused);
            throw new IllegalStateException("the embedded database refuses the configured password", e);
        }
    }

    /**
     * While the other process takes the file over from an owner that died, H2 answers "lock file recently modified"
     * for a moment: wait and try again rather than fail the start.
     */
    private static Connection open(String url, String user, String password) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        for (int attempt = 1; ; attempt++) {
            try {
                return org.h2.Driver.load().connect(url, credentials);
            } catch (SQLException e) {
                if (e.getErrorCode() != ERROR_OPENING_DATABASE || attempt >= OPEN_ATTEMPTS) {
                    throw e;
                }
                log.info("The embedded database is being taken over by the other process; opening again", e);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The password both services read, generated by whichever starts first: 32 random bytes, base64url. */
    private static String passwordFile(Path folder) {
        Path file = folder.resolve(PASSWORD_FILE);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Files.write(file, generated.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            ownerOnlyFile(file);
            log.info("Generated the embedded database's password into {}", file);
            return generated;
        } catch (FileAlreadyExistsException exists) {
            return readWritten(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The other service may have created the file a moment ago: wait briefly for its content. */
    private static String readWritten(Path file) {
        try {
            for (int attempt = 0; attempt < 50; attempt++) {
                String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!password.isEmpty()) {
                    return password;
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(file + " is empty");
    }

    /** The folder, created if missing, for the owner only ({@code 0700}); nothing on a non-POSIX file system. */
    private static void ownerOnlyFolder(Path folder) {
        try {
            Files.createDirectories(folder);
            if (posix()) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file for the owner only ({@code 0600}); a file gone meanwhile (a lock file H2 deleted) is left alone. */
    private static void ownerOnlyFile(Path file) {
        try {
            if (posix()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (NoSuchFileException gone) {
            // nothing left to protect
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
