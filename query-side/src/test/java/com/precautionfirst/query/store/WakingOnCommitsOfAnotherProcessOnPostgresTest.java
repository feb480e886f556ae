package com.precautionfirst.query.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.support.eventstore.PollingEventStore;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Decision 0055: on PostgreSQL the query side projects what another process commits as soon as that process announces
 * it (a NOTIFY, as a command side's {@code CommitNotifier} sends after each commit), woken by its
 * {@link CommitListener}, not by its poll of the store. Both polls are set far beyond the test here (a day while the
 * listener is down, half a day while it listens), so an event stored and announced through a JDBC connection of the
 * test's own is projected within seconds only if the notification wakes the processors. The listener's connection,
 * killed by the server, is opened again, logged once however many attempts fail, and wakes the processors again.
 */
@ActiveProfiles("postgres")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {
        "treatment.event-store.fetch-delay=24h",
        "treatment.event-store.fetch-delay-while-listening=12h",
        "treatment.signing.generate-if-missing=true",
        "logging.level.com.precautionfirst.query.store.CommitListener=DEBUG"})
class WakingOnCommitsOfAnotherProcessOnPostgresTest {

    private static final Duration LISTENING_POLL = Duration.ofHours(12);
    private static final Duration POLL_WITHOUT_LISTENER = Duration.ofHours(24);
    /** Generous: a wake is milliseconds; the polls are hours away. */
    private static final Duration SOON = Duration.ofSeconds(15);

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::user);
        registry.add("spring.datasource.password", DB::password);
        String dataDir = Files.createTempDirectory("commit-listener-test").toString();
        registry.add("treatment.data-dir", () -> dataDir);
    }

    @Autowired
    PollingEventStore store;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    Serializer serializer;

    @Test
    void anEventAnotherConnectionCommitsIsProjectedAtOnceThoughThePollIsHoursAway() throws Exception {
        awaitListeningAndProcessorsIdle();

        String clientId = "client-" + UUID.randomUUID();
        String eventId = storeAndAnnounceAsACommandSide(clientId);

        await("the event projected by the history and the signed log", () -> projected(clientId, eventId));
    }

    @Test
    void theListenerReconnectsAfterItsConnectionIsKilledAndWakesTheProcessorsAgain(CapturedOutput output)
            throws Exception {
        awaitListeningAndProcessorsIdle();
        long killed = listenerPid();

        // from the server's maintenance database: a database cannot refuse connections to itself
        try (Connection admin = DriverManager.getConnection(DB.url().replace("/" + DB.name(), "/postgres"), DB.user(),
                DB.password()); Statement sql = admin.createStatement()) {
            // an outage: the server kills the listener's session and refuses new ones for a while
            sql.execute("ALTER DATABASE " + DB.name() + " ALLOW_CONNECTIONS false");
            try {
                sql.execute("SELECT pg_terminate_backend(" + killed + ")");
                await("the short poll while not listening", () -> store.pollInterval().equals(POLL_WITHOUT_LISTENER));
                await("reconnection attempts that fail", () -> output.getOut().contains("Still not listening"));
                Thread.sleep(1_500);
            } finally {
                sql.execute("ALTER DATABASE " + DB.name() + " ALLOW_CONNECTIONS true");
            }
        }

        await("listening again on a new session", () -> store.pollInterval().equals(LISTENING_POLL)
                && listenerPidOrZero() != 0 && listenerPidOrZero() != killed);
        String clientId = "client-" + UUID.randomUUID();
        String eventId = storeAndAnnounceAsACommandSide(clientId);
        await("the event projected after the reconnection", () -> projected(clientId, eventId));

        String log = output.getOut();
        assertThat(occurrences(log, "Still not listening for commits")).as("failed attempts").isGreaterThanOrEqualTo(2);
        assertThat(occurrences(log, "Not listening for commits (")).as("one warning for the outage").isEqualTo(1);
        assertThat(occurrences(log, "Listening for commits again after")).isEqualTo(1);
    }

    /** Listening, and every segment of every processor claimed and at the head of the (empty) store. */
    private void awaitListeningAndProcessorsIdle() throws Exception {
        await("listening", () -> store.pollInterval().equals(LISTENING_POLL) && listenerPidOrZero() != 0);
        await("every processor idle at the head", () -> processing.eventProcessors().values().stream()
                .map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::isRunning) // not the rebuild's processors (decision 0056)
                .allMatch(processor -> processor.processingStatus().size() == processor.maxCapacity()
                        && processor.processingStatus().values().stream().allMatch(status -> status.isCaughtUp())));
    }

    /**
     * As a command side stores an event and announces it: its own connection and transaction, then the notification
     * its notifier sends after the commit. Nothing else tells the query side.
     */
    private String storeAndAnnounceAsACommandSide(String clientId) throws SQLException {
        String eventId = UUID.randomUUID().toString();
        SerializedObject<byte[]> payload = serializer.serialize(
                new ClientRegistered(clientId, "Client " + clientId, LocalDate.of(1980, 1, 1)), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(
                MetaData.with("userId", "admin").and("role", "CLINIC_ADMIN"), byte[].class);
        try (Connection other = DB.connect(); PreparedStatement insert = other.prepareStatement(
                "INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                        + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)"
                        + " VALUES (nextval('domain_event_global_index_seq'), ?, 0, 'ClientRecord', ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, clientId);
            insert.setString(2, eventId);
            insert.setBytes(3, metaData.getData());
            insert.setBytes(4, payload.getData());
            insert.setString(5, payload.getType().getRevision());
            insert.setString(6, payload.getType().getName());
            insert.setString(7, Instant.now().toString());
            insert.executeUpdate();
            other.createStatement().execute("NOTIFY " + PollingEventStore.COMMITS_CHANNEL);
        }
        return eventId;
    }

    private static boolean projected(String clientId, String eventId) throws SQLException {
        return count("SELECT COUNT(*) FROM client_history WHERE client_id = ?", clientId) == 1
                && count("SELECT COUNT(*) FROM log_leaf WHERE event_identifier = ?", eventId) == 1;
    }

    private static long listenerPid() throws SQLException {
        long pid = listenerPidOrZero();
        assertThat(pid).as("the listener's session").isNotZero();
        return pid;
    }

    private static long listenerPidOrZero() throws SQLException {
        try (Connection c = DB.connect(); PreparedStatement query = c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = ? AND application_name = ?")) {
            query.setString(1, DB.name());
            query.setString(2, CommitListener.APPLICATION_NAME);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static long count(String sql, String argument) throws SQLException {
        try (Connection c = DB.connect(); PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, argument);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime() - deadline).as(what + " within " + SOON).isNegative();
            Thread.sleep(50);
        }
    }
}
