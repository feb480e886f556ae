package com.precautionfirst.support.access;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import com.precautionfirst.support.log.V72__ClientChains;
import com.precautionfirst.support.log.V74__ClientInsurance;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The access log on a database of its own, as one process sees it: its own connection pool, AccessLog and
 * verification. Several of these on one database are several processes appending to one chain.
 */
final class AccessLogOnADatabase implements AutoCloseable {

    final HikariDataSource dataSource;
    final JdbcTemplate jdbc;
    final AccessLog log;
    final AccessLogVerification verification;

    AccessLogOnADatabase(String url, String user, String password) {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setMaximumPoolSize(6);
        jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        log = new AccessLog(jdbc, transactions, Clock.systemUTC());
        verification = new AccessLogVerification(jdbc, transactions);
    }

    /** A new H2 database file, in the embedded default's mode. */
    static String newH2Url() {
        try {
            return "jdbc:h2:file:" + Files.createTempDirectory("access-log-test") + "/treatment;MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema as the services migrate it (SQL migrations and the Java one), up to {@code target}. */
    void migrate(String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new V54__ChainExistingAccessLogEntries(),
                        new V72__ClientChains(), new V74__ClientInsurance()).target(target).load().migrate();
    }

    void migrate() {
        migrate("latest");
    }

    long rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM access_log", Long.class);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
