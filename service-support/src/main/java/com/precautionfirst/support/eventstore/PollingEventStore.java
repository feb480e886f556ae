package com.precautionfirst.support.eventstore;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
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
 * {@link #eventsAppended()} is called. Each stream reads and deserializes every event itself.
 * <p>
 * Why not {@code EmbeddedEventStore}: in Axon 4.13 its producer thread holds the newest cached event in a local
 * variable while it reads up to the head of the store, so when a large backlog arrives after the cache held events,
 * every event read stays reachable until the read ends (upstream AxonFramework issue #2954): the query side ran out of
 * a 1 GB heap while projecting 1M events. Here a stream holds at most one batch of the engine, whatever the backlog
 * (docs/decisions/0054-replay-in-bounded-memory.md). The price is one query per idle stream and poll interval
 * instead of one for the whole process.
 */
public class PollingEventStore extends AbstractEventStore {

    private final long pollNanos;
    /** Events a stream takes per read: the engine's batch, so that a read of a full batch is one query. */
    private final int batchSize;
    private final Lock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    /** How many times appends were announced: a stream that saw no change since its last read waits. */
    private volatile long appends;

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
     * Wakes every stream waiting for events, so they read now instead of at their next poll. Called after this
     * process appended; call it when another process says it appended.
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
    }

    /**
     * Until appends were announced after {@code seen}, the next poll, or {@code maxNanos} passed. Polls fall on
     * multiples of the poll interval, the same instants for every stream: a read waiting for all processors
     * (read-your-writes) then waits for one poll, not for the latest of six independent ones.
     */
    private void awaitAppends(long seen, long maxNanos) throws InterruptedException {
        lock.lock();
        try {
            long nanos = Math.min(maxNanos, pollNanos - Math.floorMod(System.nanoTime(), pollNanos));
            while (appends == seen && nanos > 0) {
                nanos = appended.awaitNanos(nanos);
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
                long seen = appends;
                refill();
                if (!buffer.isEmpty()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                awaitAppends(seen, left);
            }
            return true;
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
            try (Stream<? extends TrackedEventMessage<?>> read = storageEngine().readEvents(lastToken, false)) {
                read.limit(batchSize).forEach(buffer::add);
            }
            TrackingToken last = buffer.isEmpty() ? null : buffer.getLast().trackingToken();
            if (buffer.size() == batchSize && !buffer.getFirst().trackingToken().equals(last)) {
                // the limit may have cut the events one stored event was upcast into (they share its token): the
                // next read starts before that stored event and reads them all
                buffer.removeIf(event -> event.trackingToken().equals(last));
            }
            if (!buffer.isEmpty()) {
                lastToken = buffer.getLast().trackingToken();
            }
        }

        @Override
        public void close() {
            buffer.clear();
        }
    }
}
