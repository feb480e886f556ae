package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.nullable;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.junit.jupiter.api.Test;

/**
 * The event store's streams read the storage engine themselves: nothing is read ahead of the processor that
 * consumes them (Axon's embedded store kept a whole backlog reachable, decision 0054), events another process
 * appended arrive at the next poll, and an announced append wakes a waiting stream at once.
 */
class ReadingTheStoreWithoutACacheTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);
    /** Polls fall on multiples of the interval: with a year, none falls within a test, as one an hour apart could. */
    private static final Duration A_YEAR = Duration.ofDays(365);

    private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();

    @Test
    void aStreamSeesEventsAnotherProcessAppendedAtItsNextPoll() throws Exception {
        TrackingEventStream stream = store(engine, Duration.ofMillis(20)).openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse();

        appendElsewhere("e1");

        assertThat(stream.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("e1");
    }

    @Test
    void anAnnouncedAppendWakesAWaitingStreamBeforeItsPoll() throws Exception {
        PollingEventStore store = store(engine, AN_HOUR);
        TrackingEventStream stream = store.openStream(null);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> hasNext(stream));

        appendElsewhere("e1");
        store.eventsAppended();

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anAppendThroughTheStoreWakesItsStreams() throws Exception {
        PollingEventStore store = store(engine, AN_HOUR);
        TrackingEventStream stream = store.openStream(null);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> hasNext(stream));

        store.publish(event("e1"));

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anActionAfterEachCommitRunsOnceTheAppendingUnitOfWorkCommittedAndNeverOnARollback() {
        PollingEventStore store = store(engine, AN_HOUR);
        AtomicInteger runs = new AtomicInteger();
        store.afterEachCommit(runs::incrementAndGet);

        UnitOfWork<?> rolledBack = DefaultUnitOfWork.startAndGet(null);
        store.publish(event("e1"));
        rolledBack.rollback();
        assertThat(runs).hasValue(0);

        UnitOfWork<?> committed = DefaultUnitOfWork.startAndGet(null);
        store.publish(event("e2"));
        store.publish(event("e3"));
        AtomicInteger whileCommitting = new AtomicInteger(-1);
        // where the unit of work's transaction commits (attachTransaction): the action must come after that
        committed.onCommit(u -> whileCommitting.set(runs.get()));
        committed.commit();
        assertThat(whileCommitting).as("not before or during the commit").hasValue(0);
        assertThat(runs).as("once for the commit of two events").hasValue(1);
    }

    @Test
    void anIdleStreamAsksTheStoreOnlyWhenAnAppendIsAnnouncedHoweverOftenItIsAsked() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        InMemoryEventStorageEngine counted = spy(engine);
        doAnswer(call -> {
            reads.incrementAndGet();
            return call.callRealMethod();
        }).when(counted).readEvents(nullable(TrackingToken.class), anyBoolean());
        PollingEventStore store = store(counted, A_YEAR);
        TrackingEventStream stream = store.openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(reads.get()).as("a new stream reads at once").isEqualTo(1);

        for (int i = 0; i < 5; i++) {
            // as a tracking processor asks: with its availability timeout, and for more events of a batch
            assertThat(stream.hasNextAvailable(20, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(stream.hasNextAvailable()).isFalse();
            assertThat(stream.peek()).isEmpty();
        }
        assertThat(reads.get()).as("nothing announced, no poll due: no read").isEqualTo(1);

        appendElsewhere("e1");
        store.eventsAppended();
        store.eventsAppended();
        assertThat(take(stream, 1)).hasSize(1);
        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(reads.get()).as("one read for two announcements, one more to find nothing after the event")
                .isEqualTo(3);
    }

    @Test
    void aBacklogIsReadBatchAfterBatchWithoutWaitingForPollsOrAnnouncements() throws Exception {
        PollingEventStore store = store(engine, A_YEAR);
        TrackingEventStream stream = store.openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse();

        appendElsewhere(IntStream.range(0, 250).mapToObj(i -> "backlog-" + i).toArray(String[]::new));
        store.eventsAppended();

        assertThat(take(stream, 250)).hasSize(250);
    }

    @Test
    void aShorterPollAppliesAtOnceToAStreamAlreadyWaiting() throws Exception {
        PollingEventStore store = store(engine, A_YEAR);
        TrackingEventStream stream = store.openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> hasNext(stream));
        appendElsewhere("e1");

        store.pollEvery(Duration.ofMillis(20));

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(store.pollInterval()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aStreamContinuesAfterItsLastEventAcrossPollsAndFromAGivenToken() throws Exception {
        PollingEventStore store = store(engine, Duration.ofMillis(20));
        appendElsewhere("e1", "e2", "e3");
        TrackingEventStream stream = store.openStream(null);
        List<TrackedEventMessage<?>> read = new ArrayList<>(take(stream, 3));
        assertThat(stream.hasNextAvailable()).isFalse();

        appendElsewhere("e4", "e5");
        read.addAll(take(stream, 2));

        assertThat(payloads(read)).containsExactly("e1", "e2", "e3", "e4", "e5");
        TrackingToken afterSecond = read.get(1).trackingToken();
        assertThat(payloads(take(store.openStream(afterSecond), 3))).containsExactly("e3", "e4", "e5");
    }

    @Test
    void aBacklogArrivingAfterTheStreamCaughtUpIsNotReadAheadOfTheProcessor() throws Exception {
        AtomicInteger handedOut = new AtomicInteger();
        EventStorageEngine counted = countingEventsHandedOut(handedOut);
        TrackingEventStream stream = store(counted, Duration.ofMillis(20)).openStream(null);
        appendElsewhere("first");
        take(stream, 1);
        assertThat(stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)).as("caught up").isFalse();

        appendElsewhere(IntStream.range(0, 1000).mapToObj(i -> "backlog-" + i).toArray(String[]::new));
        take(stream, 10);
        assertThat(stream.peek()).isPresent();

        assertThat(handedOut.get()).as("events taken from the engine: the first, then one batch of it (100)")
                .isEqualTo(101);
    }

    @Test
    void theEventsOneStoredEventWasUpcastIntoAreNeverCutApartByABatch() throws Exception {
        List<TrackedEventMessage<?>> stored = new ArrayList<>();
        for (long index = 0; index < 150; index++) {
            for (String part : index == 99 ? List.of("a", "b") : List.of("")) {
                stored.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index),
                        GenericEventMessage.asEventMessage("e" + index + part)));
            }
        }
        EventStorageEngine upcasting = mock(EventStorageEngine.class);
        when(upcasting.readEvents(nullable(TrackingToken.class), anyBoolean())).thenAnswer(call -> {
            TrackingToken after = call.getArgument(0);
            return stored.stream().filter(event -> after == null || event.trackingToken().covers(after)
                    && !after.covers(event.trackingToken()));
        });

        List<TrackedEventMessage<?>> read = take(store(upcasting, Duration.ofMillis(20)).openStream(null), 151);

        assertThat(payloads(read)).isEqualTo(payloads(stored));
    }

    @Test
    void streamsAtTheSamePositionTakeOneReadOfTheNewEventsInsteadOfEachAskingTheEngine() throws Exception {
        AtomicInteger handedOut = new AtomicInteger();
        EventStorageEngine counted = countingEventsHandedOut(handedOut);
        PollingEventStore store = store(counted, A_YEAR);
        List<TrackingEventStream> streams = List.of(store.openStream(null), store.openStream(null),
                store.openStream(null));
        for (TrackingEventStream stream : streams) {
            assertThat(stream.hasNextAvailable()).isFalse();
        }

        appendElsewhere("e1", "e2");
        store.eventsAppended();

        for (TrackingEventStream stream : streams) {
            assertThat(payloads(take(stream, 2))).containsExactly("e1", "e2");
        }
        assertThat(handedOut.get()).as("the engine handed out the two events once, for all three streams")
                .isEqualTo(2);
    }

    @Test
    void manyStreamsWokenTogetherAtAnIdleHeadKeepGoingAndAllSeeTheNextEvent() throws Exception {
        PollingEventStore store = store(engine, Duration.ofMillis(1));
        List<CompletableFuture<List<Object>>> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TrackingEventStream stream = store.openStream(null);
            streams.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return payloads(take(stream, 1));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        // empty reads from the same position, again and again, by six streams at once
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < until) {
            store.eventsAppended();
        }
        assertThat(streams).noneMatch(CompletableFuture::isDone);

        appendElsewhere("e1");

        for (CompletableFuture<List<Object>> stream : streams) {
            assertThat(stream.get(30, TimeUnit.SECONDS)).containsExactly("e1");
        }
    }

    @Test
    void aReadThatFoundNothingIsNotSharedSoEventsCommittedSinceAreSeen() throws Exception {
        PollingEventStore store = store(engine, A_YEAR);
        TrackingEventStream first = store.openStream(null);
        assertThat(first.hasNextAvailable()).isFalse();

        appendElsewhere("e1");

        assertThat(payloads(take(store.openStream(null), 1))).containsExactly("e1");
    }

    @Test
    void aStreamJoiningAReadStillInFlightTakesItsEventsAndAFailedReadIsReadAgainByTheOthers() throws Exception {
        InMemoryEventStorageEngine slow = spy(engine);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger handedOut = new AtomicInteger();
        CompletableFuture<Void> release = new CompletableFuture<>();
        doAnswer(call -> {
            int number = calls.incrementAndGet();
            if (number == 1) {
                release.get(30, TimeUnit.SECONDS);
                throw new IllegalStateException("the first read fails");
            }
            if (number == 2) {
                release.get(30, TimeUnit.SECONDS);
            }
            return ((Stream<?>) call.callRealMethod()).peek(e -> handedOut.incrementAndGet());
        }).when(slow).readEvents(nullable(TrackingToken.class), anyBoolean());
        appendElsewhere("e1");
        PollingEventStore store = store(slow, A_YEAR);

        CompletableFuture<Object> failing = CompletableFuture.supplyAsync(() -> {
            try {
                return take(store.openStream(null), 1);
            } catch (Exception e) {
                return e;
            }
        });
        while (calls.get() < 1) {
            Thread.sleep(5);
        }
        CompletableFuture<List<Object>> joining = CompletableFuture.supplyAsync(() -> {
            try {
                return payloads(take(store.openStream(null), 1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        release.complete(null);

        assertThat(failing.get(30, TimeUnit.SECONDS)).as("the failure reaches the stream that read")
                .isInstanceOf(IllegalStateException.class);
        assertThat(joining.get(30, TimeUnit.SECONDS)).containsExactly("e1");
        assertThat(payloads(take(store.openStream(null), 1))).as("a later stream takes the successful read")
                .containsExactly("e1");
        assertThat(handedOut.get()).isEqualTo(1);
    }

    /** The test's engine, counting every event it hands out to a read. */
    private EventStorageEngine countingEventsHandedOut(AtomicInteger handedOut) {
        InMemoryEventStorageEngine counted = spy(engine);
        doAnswer(call -> ((Stream<?>) call.callRealMethod()).peek(e -> handedOut.incrementAndGet()))
                .when(counted).readEvents(nullable(TrackingToken.class), anyBoolean());
        return counted;
    }

    private static PollingEventStore store(EventStorageEngine engine, Duration pollInterval) {
        return new PollingEventStore(engine, engine, NoOpMessageMonitor.INSTANCE, pollInterval);
    }

    /** As the other service would: straight into the storage, this store is not told. */
    private void appendElsewhere(String... payloads) {
        engine.appendEvents(Stream.of(payloads).map(ReadingTheStoreWithoutACacheTest::event).toList());
    }

    private static GenericDomainEventMessage<String> event(String payload) {
        return new GenericDomainEventMessage<>("Probe", payload, 0, payload);
    }

    private static List<TrackedEventMessage<?>> take(TrackingEventStream stream, int count) throws Exception {
        List<TrackedEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertThat(stream.hasNextAvailable(30, TimeUnit.SECONDS)).as("event %d of %d", i + 1, count).isTrue();
            events.add(stream.nextAvailable());
        }
        return events;
    }

    private static List<Object> payloads(List<TrackedEventMessage<?>> events) {
        return events.stream().<Object>map(TrackedEventMessage::getPayload).toList();
    }

    /** Waits far longer than the test: without a wake-up this answers only after the poll interval (an hour or more). */
    private static boolean hasNext(TrackingEventStream stream) {
        try {
            return stream.hasNextAvailable(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
