package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.support.access.V54__ChainExistingAccessLogEntries;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Decision 0055: on PostgreSQL every insert into the event store notifies the channel {@code treatment_events} in
 * its transaction (V68), so a listener hears of it exactly when it commits, once per transaction however many events
 * it appended, and never for a rollback. As the application role of {@code docker/app-role.sql} (decision 0041),
 * which the services run as in production: the trigger must work with its privileges, and so must LISTEN.
 */
class AnAppendNotifiesWhenItCommitsOnPostgresTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    static final AppRoleScript APP = new AppRoleScript();
    private static int nextIndex = 1;

    @BeforeAll
    static void migrateAndCreateTheAppRole() throws Exception {
        Flyway.configure().dataSource(DB.url(), DB.user(), DB.password())
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                .javaMigrations(new V54__ChainExistingAccessLogEntries()).load().migrate();
        APP.runOn(DB);
    }

    @AfterAll
    static void dropTheRole() throws Exception {
        APP.drop(DB);
    }

    @Test
    void aTransactionAppendingEventsNotifiesOnceWhenItCommits() throws SQLException {
        try (Connection listener = APP.connect(DB); Connection writer = APP.connect(DB)) {
            listen(listener);
            writer.setAutoCommit(false);
            Statement insert = writer.createStatement();
            insert.execute(event());
            insert.execute(event());
            insert.execute(event());

            assertThat(notifications(listener, 500)).as("nothing before the commit").isEmpty();

            writer.commit();

            assertThat(notifications(listener, 10_000)).as("one for the transaction").singleElement()
                    .satisfies(n -> assertThat(n.getName()).isEqualTo("treatment_events"));
            assertThat(notifications(listener, 500)).isEmpty();
        }
    }

    @Test
    void aRolledBackAppendNotifiesNobody() throws SQLException {
        try (Connection listener = APP.connect(DB); Connection writer = APP.connect(DB)) {
            listen(listener);
            writer.setAutoCommit(false);
            writer.createStatement().execute(event());
            writer.rollback();

            assertThat(notifications(listener, 1_000)).isEmpty();
        }
    }

    @Test
    void everyWriterNotifiesEveryListener() throws SQLException {
        try (Connection first = APP.connect(DB); Connection second = DB.connect();
             Connection appWriter = APP.connect(DB); Connection ownerWriter = DB.connect()) {
            listen(first);
            listen(second);

            appWriter.createStatement().execute(event());
            ownerWriter.createStatement().execute(event());

            assertThat(notificationsUntil(first, 2)).hasSize(2);
            assertThat(notificationsUntil(second, 2)).hasSize(2);
        }
    }

    private static void listen(Connection connection) throws SQLException {
        connection.createStatement().execute("LISTEN treatment_events");
    }

    /** An event row as the command side stores one, with a global index of its own. */
    private static synchronized String event() {
        int index = nextIndex++;
        return String.format("INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                + " event_identifier, payload, payload_type, time_stamp) VALUES (%1$d, 'client-%1$d', 0, 'Client',"
                + " 'event-%1$d', '\\x7b7d', 'ClientRegistered', '2026-01-01T00:00:00Z')", index);
    }

    private static List<PGNotification> notifications(Connection listener, int waitMillis) throws SQLException {
        PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(waitMillis);
        return received == null ? List.of() : Arrays.asList(received);
    }

    /** Commits of separate transactions arrive separately, maybe in one call, maybe in several. */
    private static List<PGNotification> notificationsUntil(Connection listener, int count) throws SQLException {
        List<PGNotification> all = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (all.size() < count && System.nanoTime() < deadline) {
            all.addAll(notifications(listener, 500));
        }
        all.addAll(notifications(listener, 300));
        return all;
    }
}
