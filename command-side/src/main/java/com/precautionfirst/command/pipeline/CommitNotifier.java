package com.precautionfirst.command.pipeline;

import com.precautionfirst.support.eventstore.PollingEventStore;
import com.precautionfirst.support.lifecycle.LifecycleThread;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, tells the query sides at once that this command side committed events: after each commit that
 * appended some ({@link PollingEventStore#afterEachCommit}), a {@code NOTIFY} on
 * {@value PollingEventStore#COMMITS_CHANNEL}, which every query side listens for and then reads the store.
 * <p>
 * Sent after the command's commit, from a thread of its own, never in the command's transaction: a transaction that
 * notifies takes PostgreSQL's cluster-wide notification lock and holds it until its commit is flushed, so commands
 * that notified in their own transactions would commit one at a time (decision 0055). This thread's transaction
 * commits without waiting for the flush ({@code synchronous_commit} off for it alone; a notification lost in a crash
 * only leaves the query sides to their fallback poll), so it holds that lock for a moment. The command itself waits
 * for nothing: it sets a flag. Commits while a notification is on its way are announced by the next one, at most one
 * per {@link #SPACING}.
 */
@Component
@ConditionalOnExpression("'${spring.datasource.url:}'.startsWith('jdbc:postgresql:')")
public class CommitNotifier extends LifecycleThread {

    /** Under load, a query side reads the store once per batch anyway; one wake per 10 ms is plenty. */
    static final Duration SPACING = Duration.ofMillis(10);
    private static final Logger log = LoggerFactory.getLogger(CommitNotifier.class);
    private static final String NOTIFY = "SELECT set_config('synchronous_commit', 'off', true), pg_notify('"
            + PollingEventStore.COMMITS_CHANNEL + "', '')";

    private final JdbcTemplate jdbc;
    private final Object monitor = new Object();
    private boolean committed;
    private boolean failing;

    public CommitNotifier(PollingEventStore store, JdbcTemplate jdbc) {
        super("commit-notifier");
        this.jdbc = jdbc;
        store.afterEachCommit(this::committed);
    }

    /** A transaction that appended events committed: announce it (soon, on this notifier's thread). */
    void committed() {
        synchronized (monitor) {
            committed = true;
            monitor.notifyAll();
        }
    }

    /** Started before the web server takes requests, stopped after it has answered the last. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    protected void runUntilStopped() {
        try {
            while (isRunning()) {
                synchronized (monitor) {
                    while (!committed) {
                        monitor.wait();
                    }
                    committed = false;
                }
                announce();
                Thread.sleep(SPACING.toMillis());
            }
        } catch (InterruptedException e) {
            // stop() interrupts the wait; nothing is left to announce to a service that stops
        }
    }

    /** One failure is logged per outage: the query sides still see the commits at their fallback poll. */
    private void announce() {
        try {
            jdbc.execute(NOTIFY);
            if (failing) {
                log.info("Announcing commits to the query sides again");
                failing = false;
            }
        } catch (DataAccessException e) {
            if (!failing) {
                log.warn("Could not announce a commit to the query sides ({}); they see it at their next poll of the "
                        + "store until this works again", e.toString());
                failing = true;
            }
        }
    }
}
