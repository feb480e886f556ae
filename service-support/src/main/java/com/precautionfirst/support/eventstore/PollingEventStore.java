package com.precautionfirst.support.eventstore;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStore;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.monitoring.MessageMonitor;

/**
 * The event store of both services: Axon's {@code EmbeddedEventStore} without its read-ahead cache. Each stream a
 * tracking processor opens reads the storage engine itself, one batch of the engine at a time, and when it has read
 * everything it asks the engine again every {@code pollInterval}, or at once when this process appended events or
 * {@link #eventsAppended()} is called (on PostgreSQL by the query side's listener for the command sides' commit
 * notifications, which then also lengthens the poll: {@link #pollEvery}). Each stream reads and deserializes every
 * event itself.
 * <p>
 * Why not {@code EmbeddedEventStore}: in Axon 4.13 its producer thread holds the newest cached event in a local
 * variable while it reads up to the head of the store, so when a large backlog arrives after the cache held events,
 * every event read stays reachable until the read ends (upstream AxonFramework issue #2954): the query side ran out of
 * a 1 GB heap while projecting 1M events. Here a stream holds at most one batch of the engine, whatever the backlog
 * (docs/decisions/0054-replay-in-bounded-memory.md). The price is one query per idle stream and poll interval
 * instead of one for the whole process.
 */
public class PollingEventStore extends AbstractEventStore {

    /**
     * The PostgreSQL channel on which a command side announces that it committed events and every query side listens
     * (decision 0055).
     */
    public static final String COMMITS_CHANNEL = "treatment_events";

    /** The poll interval now: short while nobody announces other processes' appends, longer while someone does. */
    private volatile long pollNanos;
    /** Events a stream takes per read: the engine's batch, so that a read of a full batch is one query. */
    private final int batchSize;
    private final Lock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    /** How many times appends were announced: a stream that saw no change since its last read waits. */
    private volatile long appends;
    private final List<Runnable> afterEachCommit = new CopyOnWriteArrayList<>();

    public PollingEventStore(EventStorageEngine storageEngine, MessageMonitor<? super EventMessage<?>> monitor,
                             Duration pollInterval) {
        super(new AbstractEventStore.Builder() {
        }.storageEngine(storageEngine).messageMonitor(monitor));
        this.pollNanos = pollInterval.toNanos();
        this.batchSize = storageEngine instanceof BatchingEventStorageEngine batching ? batching.batchSize() : 100;
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new PollingStream(trackingToken);
    }

    /**
     * Wakes every stream waiting for events, so they read now instead of at their next poll; each reads once,
     * however many announcements came since its last read. Called after this process appended; call it when another
     * process says it appended.
     */
    public void eventsAppended() {
        lock.lock();
        try {
            appends++;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        eventsAppended();
        afterEachCommit.forEach(Runnable::run);
    }

    /**
     * Runs the action after every commit of a transaction that appended events through this store (on the committing
     * thread, so it must be quick), e.g. to tell other processes.
     */
    public void afterEachCommit(Runnable action) {
        afterEachCommit.add(action);
    }

    /**
     * From now on idle streams ask the store every {@code interval}; a stream already waiting takes the new interval
     * at once. Longer while every append is announced ({@link #eventsAppended()}, e.g. by a listener for the
     * database's commit notifications), so that the poll is only the fallback; back to short when that stops.
     */
    public void pollEvery(Duration interval) {
        lock.lock();
        try {
            pollNanos = interval.toNanos();
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The interval idle streams ask the store at now. */
    public Duration pollInterval() {
        return Duration.ofNanos(pollNanos);
    }

    /**
     * The first poll after {@code instant}: polls fall on multiples of the poll interval, the same instants for every
     * stream, so that a read waiting for all processors (read-your-writes) waits for one poll, not for the latest of
     * six independent ones.
     */
    private long nextPollAfter(long instant) {
        long interval = pollNanos;
        return instant - Math.floorMod(instant, interval) + interval;
    }

    /**
     * Until appends were announced after {@code seen}, the first poll after {@code lastRead}, or {@code deadline};
     * a change of the poll interval meanwhile counts from then on.
     */
    private void awaitAppends(long seen, long lastRead, long deadline) throws InterruptedException {
        lock.lock();
        try {
            long nanos;
            while (appends == seen
                    && (nanos = Math.min(deadline, nextPollAfter(lastRead)) - System.nanoTime()) > 0) {
                appended.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * One processor thread's stream: a buffer of at most one batch of the engine, refilled by one query from the last
     * event read when the processor has taken everything.
     */
    private final class PollingStream implements TrackingEventStream {

        private final Deque<TrackedEventMessage<?>> buffer = new ArrayDeque<>();
        private TrackingToken lastToken;
        /** Whether the last read found nothing new; only then does the stream wait for an announcement or a poll. */
        private boolean idle;
        /** When the last read started, and how many appends had been announced by then. */
        private long lastRead;
        private long appendsBeforeLastRead;

        private PollingStream(TrackingToken startToken) {
            this.lastToken = startToken;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return hasNextAvailable() ? Optional.of(buffer.getFirst()) : Optional.empty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (buffer.isEmpty()) {
                if (readDue()) {
                    refill();
                    if (!buffer.isEmpty()) {
                        return true;
                    }
                }
                if (deadline - System.nanoTime() <= 0) {
                    return false;
                }
                awaitAppends(appendsBeforeLastRead, lastRead, deadline);
            }
            return true;
        }

        /**
         * Whether to ask the store: yes while it had something new last time (a backlog is read batch after batch),
         * once appends were announced since, or once the poll after the last read has come. An idle stream asks
         * nothing in between, however often its processor asks the stream (Axon's every second, and whenever it
         * looks for more events for a batch).
         */
        private boolean readDue() {
            return !idle || appends != appendsBeforeLastRead || System.nanoTime() - nextPollAfter(lastRead) >= 0;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(Integer.MAX_VALUE, TimeUnit.MILLISECONDS)) {
                // an idle store: keep waiting, as the interface asks
            }
            return buffer.removeFirst();
        }

        /**
         * One query when the store has nothing new (an idle poll) or a full batch; two when it had fewer events than
         * a batch (the engine asks once more before it reports the end). Taken with a limit rather than through the
         * stream's iterator, which asks the engine twice even when there is nothing new.
         */
        private void refill() {
            appendsBeforeLastRead = appends;
            lastRead = System.nanoTime();
            try (Stream<? extends TrackedEventMessage<?>> read = storageEngine().readEvents(lastToken, false)) {
                read.limit(batchSize).forEach(buffer::add);
            }
            TrackingToken last = buffer.isEmpty() ? null : buffer.getLast().trackingToken();
            if (buffer.size() == batchSize && !buffer.getFirst().trackingToken().equals(last)) {
                // the limit may have cut the events one stored event was upcast into (they share its token): the
                // next read starts before that stored event and reads them all
                buffer.removeIf(event -> event.trackingToken().equals(last));
            }
            idle = buffer.isEmpty();
            if (!idle) {
                lastToken = buffer.getLast().trackingToken();
            }
        }

        @Override
        public void close() {
            buffer.clear();
        }
    }
}
