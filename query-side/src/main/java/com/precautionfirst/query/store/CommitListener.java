package com.precautionfirst.query.store;

import com.precautionfirst.support.eventstore.EventStoreProperties;
import com.precautionfirst.support.eventstore.PollingEventStore;
import com.precautionfirst.support.lifecycle.LifecycleThread;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, wakes the query side's processors when events commit instead of at their next poll of the store.
 * Every command side announces its commits on {@value PollingEventStore#COMMITS_CHANNEL} (its {@code CommitNotifier},
 * right after each commit); this listens on one connection of its own, outside the pool (a pooled connection would be
 * handed to others, and notifications reach only a session that is idle, not in a transaction), and calls
 * {@link PollingEventStore#eventsAppended()} once per batch of notifications it receives: however many commits came
 * meanwhile, each idle stream reads the store once. While it listens the streams poll only as a fallback
 * ({@code treatment.event-store.fetch-delay-while-listening}); while its connection is down they poll every
 * {@code fetch-delay} again, and it reconnects with a growing pause, logging once per outage. On H2 there is no
 * such bean: the poll stays. Decision 0055.
 */
@Component
@ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:postgresql:')")
public class CommitListener extends LifecycleThread {

    /** Its session's application_name, e.g. to find it in pg_stat_activity. */
    public static final String APPLICATION_NAME = "treatment-query-side-commit-listener";

    private static final Logger log = LoggerFactory.getLogger(CommitListener.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);
    /** One wait for notifications: how soon a stop is noticed. No round trip, the socket only waits. */
    private static final int WAIT_MILLIS = 1000;
    /**
     * A connection silent this long is asked whether it is still there (one round trip): a peer that vanished
     * without closing the connection sends no error, and the streams would otherwise keep the long poll.
     */
    private static final long CHECK_SILENCE_NANOS = Duration.ofSeconds(10).toNanos();

    private final PollingEventStore store;
    private final DataSourceProperties database;
    private final Duration pollWhileListening;
    private final Duration pollOtherwise;
    private boolean listening;

    public CommitListener(PollingEventStore store, DataSourceProperties database, EventStoreProperties properties) {
        super("commit-listener");
        this.store = store;
        this.database = database;
        this.pollWhileListening = properties.fetchDelayWhileListening();
        this.pollOtherwise = properties.fetchDelay();
    }

    @Override
    protected void runUntilStopped() {
        Duration pause = FIRST_PAUSE;
        long outageSince = 0;
        boolean outage = false;
        while (isRunning()) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + PollingEventStore.COMMITS_CHANNEL);
                }
                listening(true);
                if (outage) {
                    log.info("Listening for commits again after {} ms",
                            Duration.ofNanos(System.nanoTime() - outageSince).toMillis());
                    outage = false;
                } else {
                    log.info("Listening for commits on channel {}; the projections poll the store every {} as a "
                            + "fallback", PollingEventStore.COMMITS_CHANNEL, pollWhileListening);
                }
                pause = FIRST_PAUSE;
                awaitNotifications(connection);
            } catch (SQLException | RuntimeException e) {
                listening(false);
                if (!isRunning()) {
                    break;
                }
                if (!outage) {
                    log.warn("Not listening for commits ({}); the projections poll the store every {} until the "
                            + "listener reconnects", e.toString(), pollOtherwise);
                    outage = true;
                    outageSince = System.nanoTime();
                } else {
                    log.debug("Still not listening for commits: {}", e.toString());
                }
                pause(pause);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
        listening(false);
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (database.determineUsername() != null) {
            properties.setProperty("user", database.determineUsername());
        }
        if (database.determinePassword() != null) {
            properties.setProperty("password", database.determinePassword());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        return DriverManager.getConnection(database.determineUrl(), properties);
    }

    private void awaitNotifications(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long heardAt = System.nanoTime();
        while (isRunning()) {
            PGNotification[] received = postgres.getNotifications(WAIT_MILLIS);
            if (received != null && received.length > 0) {
                store.eventsAppended();
                heardAt = System.nanoTime();
            } else if (System.nanoTime() - heardAt > CHECK_SILENCE_NANOS) {
                if (!connection.isValid(5)) {
                    throw new SQLException("the listening connection does not answer");
                }
                heardAt = System.nanoTime();
            }
        }
    }

    /**
     * Listening: the long poll, and every stream reads once, for what committed before LISTEN took effect (while
     * the listener was down, or before it first connected). Not listening: the short poll at once.
     */
    private void listening(boolean now) {
        if (now != listening) {
            listening = now;
            store.pollEvery(now ? pollWhileListening : pollOtherwise);
            if (now) {
                store.eventsAppended();
            }
        }
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            // stop() interrupts a pause; the loop then sees that it is no longer running
            Thread.currentThread().interrupt();
        }
    }
}
