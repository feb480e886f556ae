package com.precautionfirst.support.eventstore;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * <p>
 * Streams that read from the same position share the read ({@link SharedReads}): when a commit wakes every
 * processor's streams at the head of the store, they are all at the same event, and one of them reads the new events
 * (and they are deserialized once) for all of them, instead of each (six streams on the query side) running the same
 * query. At most {@value #SHARED_READS} reads are kept for sharing, so memory stays bounded by batches, not backlogs.
 */
public class PollingEventStore extends AbstractEventStore {

    /**
     * The PostgreSQL channel on which a command side announces that it committed events and every query side listens
     * (decision 0055).
     */
    public static final String COMMITS_CHANNEL = "treatment_events";
    /** How many of the latest reads other streams may take instead of reading the same themselves. */
    static final int SHARED_READS = 8;

    /** The poll interval now: short while nobody announces other processes' appends, longer while someone does. */
    private volatile long pollNanos;
    /** Events a stream takes per read: the engine's batch, so that a read of a full batch is one query. */
    private final int batchSize;
    private final Lock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    /** How many times appends were announced: a stream that saw no change since its last read waits. */
    private volatile long appends;
    private final List<Runnable> afterEachCommit = new CopyOnWriteArrayList<>();
    private final SharedReads reads = new SharedReads();
    /** The engine the streams read through; the store's own engine appends and loads aggregates. */
    private final EventStorageEngine trackedReads;

    /** A store whose streams read through {@code trackedReads}, which must read the same events as the engine. */
    public PollingEventStore(EventStorageEngine storageEngine, EventStorageEngine trackedReads,
                             MessageMonitor<? super EventMessage<?>> monitor, Duration pollInterval) {
        super(new AbstractEventStore.Builder() {
        }.storageEngine(storageEngine).messageMonitor(monitor));
        this.trackedReads = trackedReads;
        this.pollNanos = pollInterval.toNanos();
        this.batchSize = trackedReads instanceof BatchingEventStorageEngine batching ? batching.batchSize() : 100;
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
     * One read of the engine after {@code position}: one query when the store has nothing new (an idle poll) or a
     * full batch; two when it had fewer events than a batch (the engine asks once more before it reports the end).
     * Taken with a limit rather than through the stream's iterator, which asks the engine twice even when there is
     * nothing new.
     */
    private List<TrackedEventMessage<?>> read(TrackingToken position) {
        Deque<TrackedEventMessage<?>> events = new ArrayDeque<>();
        try (Stream<? extends TrackedEventMessage<?>> read = trackedReads.readEvents(position, false)) {
            read.limit(batchSize).forEach(events::add);
        }
        TrackingToken last = events.isEmpty() ? null : events.getLast().trackingToken();
        if (events.size() == batchSize && !events.getFirst().trackingToken().equals(last)) {
            // the limit may have cut the events one stored event was upcast into (they share its token): the next
            // read starts before that stored event and reads them all
            events.removeIf(event -> event.trackingToken().equals(last));
        }
        return List.copyOf(events);
    }

    /**
     * The latest reads by position, so that a stream asking from a position another stream is reading from, or has
     * just read from, takes that read's events instead of asking the engine again. A read that found nothing is not
     * shared: events may have been committed since, and the stream that asks again reads them. Events a stream takes
     * from a shared read are the same as it would have read itself a moment earlier: a contiguous run after its
     * position, and its next read continues after them (gaps still open stay in the token, as with its own read).
     */
    private final class SharedReads {

        /** The position of a stream that starts at the beginning of the store (a null token). */
        private static final Object START = new Object();
        /** The latest {@value #SHARED_READS} reads, oldest first; guarded by itself. */
        private final Map<Object, CompletableFuture<List<TrackedEventMessage<?>>>> latest = new LinkedHashMap<>();

        List<TrackedEventMessage<?>> from(TrackingToken position) {
            Object key = position == null ? START : position;
            while (true) {
                CompletableFuture<List<TrackedEventMessage<?>>> mine = new CompletableFuture<>();
                CompletableFuture<List<TrackedEventMessage<?>>> earlier;
                synchronized (latest) {
                    earlier = latest.putIfAbsent(key, mine);
                    if (earlier == null && latest.size() > SHARED_READS) {
                        Iterator<?> oldest = latest.values().iterator();
                        oldest.next();
                        oldest.remove();
                    }
                }
                if (earlier == null) {
                    return readFor(key, mine, position);
                }
                List<TrackedEventMessage<?>> shared = outcome(earlier);
                if (shared != null && !shared.isEmpty()) {
                    return shared;
                }
                // nothing found (that read may have started before the commit this stream was woken for) or failed:
                // ask again, sharing this read in turn (that one was taken out of the latest before it completed)
            }
        }

        /**
         * Reads for every stream asking from the same position meanwhile; a read that found nothing or failed is not
         * kept.
         */
        private List<TrackedEventMessage<?>> readFor(Object key, CompletableFuture<List<TrackedEventMessage<?>>> mine,
                                                     TrackingToken position) {
            List<TrackedEventMessage<?>> events;
            try {
                events = read(position);
            } catch (RuntimeException | Error e) {
                forget(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            if (events.isEmpty()) {
                forget(key, mine);
            }
            mine.complete(events);
            return events;
        }

        /** The events of another stream's read, or null when it failed (the caller then reads itself). */
        private List<TrackedEventMessage<?>> outcome(CompletableFuture<List<TrackedEventMessage<?>>> read) {
            try {
                return read.join();
            } catch (CompletionException e) {
                return null;
            }
        }

        private void forget(Object key, CompletableFuture<List<TrackedEventMessage<?>>> read) {
            synchronized (latest) {
                latest.remove(key, read);
            }
        }
    }

    /**
     * One processor thread's stream: a buffer of at most one batch of the engine, refilled from the last event read
     * when the processor has taken everything.
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

        /** The events after the last one taken: read, or taken from another stream's read of the same position. */
        private void refill() {
            appendsBeforeLastRead = appends;
            lastRead = System.nanoTime();
            buffer.addAll(reads.from(lastToken));
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
