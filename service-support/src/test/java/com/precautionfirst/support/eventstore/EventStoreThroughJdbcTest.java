package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.support.SupportTestApplication;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decisions 0067 and 0068: the store appends and its processors' streams read through Axon's JDBC engine, on H2 and
 * on PostgreSQL.
 */
class EventStoreThroughJdbcTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @TempDir
    Path dataDir;

    /** Each test on an empty store: a database of its own on PostgreSQL too (on H2 the data directory is new). */
    @BeforeEach
    void emptyDatabase() throws SQLException {
        DB.drop();
        DB.create();
    }

    /**
     * The streams must read exactly what Axon's JPA engine, which the store used before, reads from the same rows: the
     * same events in the same order with the same tokens, timestamps, metadata and stream positions, across a gap
     * wider than a batch (a rolled-back transaction's indexes), and with a gap that a late commit fills afterwards.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theStreamsReadWhatTheJpaEngineReads(String database) throws Exception {
        try (ConfigurableApplicationContext context = start(database)) {
            EventStorageEngine engine = context.getBean(EventStorageEngine.class);
            EventStoreProperties properties = context.getBean(EventStoreProperties.class);
            EventStorageEngine jpa = JpaEventStorageEngine.builder()
                    .entityManagerProvider(context.getBean(EntityManagerProvider.class))
                    .transactionManager(context.getBean(TransactionManager.class))
                    .eventSerializer(context.getBean(Serializer.class))
                    .snapshotSerializer(context.getBean(Serializer.class))
                    .upcasterChain(context.getBean(org.axonframework.config.Configuration.class).upcasterChain())
                    .gapTimeout((int) properties.gapTimeout().toMillis())
                    .gapCleaningThreshold(properties.gapCleaningThreshold())
                    .maxGapOffset(properties.maxGapOffset())
                    .build();
            EventStorageEngine jdbc = EventStoreConfiguration.trackedReads(context.getBean(DataSource.class),
                    context.getBean(Serializer.class), context.getBean(org.axonframework.config.Configuration.class),
                    properties);
            PollingEventStore store = context.getBean(PollingEventStore.class);
            TransactionTemplate transactions = context.getBean(TransactionTemplate.class);

            append(transactions, engine, "before-1", "before-2", "before-3");
            transactions.executeWithoutResult(tx -> {
                engine.appendEvents(registrations(IntStream.range(0, 150).mapToObj(i -> "rolled-back-" + i)));
                tx.setRollbackOnly();
            });
            append(transactions, engine, "after-gap-1", "after-gap-2");
            OpenAppend late = appendAndHoldOpen(transactions, engine, registrations(Stream.of("late")));
            append(transactions, engine, "after-late-1", "after-late-2");

            List<Read> all = reads(jpa, null);
            assertThat(all).extracting(Read::clientId).containsExactly("before-1", "before-2", "before-3",
                    "after-gap-1", "after-gap-2", "after-late-1", "after-late-2");
            assertThat(reads(jdbc, null)).isEqualTo(all);
            assertThat(reads(engine, null)).isEqualTo(all);
            assertThat(engine.readEvents("after-gap-1").asStream().map(DomainEventMessage::getIdentifier))
                    .containsExactly(all.get(3).identifier());
            assertThat(drain(store, null)).isEqualTo(all);
            TrackingToken third = all.get(2).token();
            assertThat(reads(jdbc, third)).isEqualTo(reads(jpa, third)).hasSize(4);

            GapAwareTrackingToken withLateGap = (GapAwareTrackingToken) all.get(all.size() - 1).token();
            assertThat(withLateGap.getGaps()).as("the late transaction's index is a gap").isNotEmpty();
            late.commit();

            List<Read> filled = reads(jpa, withLateGap);
            assertThat(filled).extracting(Read::clientId).containsExactly("late");
            assertThat(reads(jdbc, withLateGap)).isEqualTo(filled);
            assertThat(drain(store, withLateGap)).isEqualTo(filled);

            // a stream of exactly two batches: read whole, and its end found by a third read that finds nothing
            transactions.executeWithoutResult(tx -> engine.appendEvents(IntStream.range(0, 200)
                    .mapToObj(i -> new GenericDomainEventMessage<>("ClientRecord", "long", i,
                            new ClientRegistered("long", "Client long " + i, LocalDate.of(1980, 1, 1))))
                    .toList()));
            List<Long> sequences = engine.readEvents("long").asStream().map(DomainEventMessage::getSequenceNumber)
                    .toList();
            assertThat(sequences).hasSize(200).isSorted()
                    .isEqualTo(jpa.readEvents("long").asStream().map(DomainEventMessage::getSequenceNumber).toList());
            assertThat(engine.readEvents("long", 150).asStream().map(DomainEventMessage::getIdentifier).toList())
                    .isEqualTo(jpa.readEvents("long", 150).asStream().map(DomainEventMessage::getIdentifier).toList())
                    .hasSize(50);
        }
    }

    /**
     * An append that waits for another transaction's uncommitted event at the same stream position longer than the
     * lock timeout fails as Spring's {@link PessimisticLockingFailureException}, which the command runner retries as a
     * lost race (through the JPA engine it was JPA's lock exception); once the other transaction committed, the same
     * append is the duplicate it always was.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anAppendThatWaitsTooLongForALockIsALostRace(String database) throws Exception {
        try (ConfigurableApplicationContext context = start(database)) {
            EventStorageEngine engine = context.getBean(EventStorageEngine.class);
            TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            String shortLockTimeout = database.equals("postgres") ? "SET LOCAL lock_timeout = '300ms'"
                    : "SET LOCK_TIMEOUT 300";

            OpenAppend first = appendAndHoldOpen(transactions, engine, registrations(Stream.of("held")));

            assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
                jdbc.execute(shortLockTimeout);
                engine.appendEvents(registrations(Stream.of("held")));
            })).isInstanceOf(PessimisticLockingFailureException.class);

            first.commit();
            assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> engine.appendEvents(registrations(Stream.of("held")))))
                    .isInstanceOf(AggregateStreamCreationException.class);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = 'held'",
                    Integer.class)).isOne();
        }
    }

    /** What a reader gets of one event: its position, identity, stream, time, metadata and payload. */
    private record Read(TrackingToken token, String identifier, String aggregate, long sequence, String type,
                        Instant timestamp, Map<String, ?> metadata, String clientId) {
        static Read of(TrackedEventMessage<?> event) {
            DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
            return new Read(event.trackingToken(), event.getIdentifier(), domain.getAggregateIdentifier(),
                    domain.getSequenceNumber(), domain.getType(), event.getTimestamp(), Map.copyOf(event.getMetaData()),
                    ((ClientRegistered) event.getPayload()).clientId());
        }
    }

    private static List<Read> reads(EventStorageEngine engine, TrackingToken after) {
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(after, false)) {
            return events.map(Read::of).toList();
        }
    }

    private static List<Read> drain(PollingEventStore store, TrackingToken after) throws InterruptedException {
        List<Read> read = new ArrayList<>();
        try (TrackingEventStream stream = store.openStream(after)) {
            while (stream.hasNextAvailable()) {
                read.add(Read.of(stream.nextAvailable()));
            }
        }
        return read;
    }

    private static void append(TransactionTemplate transactions, EventStorageEngine engine, String... clientIds) {
        for (String clientId : clientIds) {
            transactions.executeWithoutResult(tx -> engine.appendEvents(registrations(Stream.of(clientId))));
        }
    }

    private static List<GenericDomainEventMessage<ClientRegistered>> registrations(Stream<String> clientIds) {
        return clientIds.map(id -> new GenericDomainEventMessage<>("ClientRecord", id, 0,
                new ClientRegistered(id, "Client " + id, LocalDate.of(1980, 1, 1)),
                MetaData.with("userId", "therapist-" + id))).toList();
    }

    /** The configuration both services share, on "h2" (embedded, in {@code dataDir}) or "postgres" (this class's). */
    private ConfigurableApplicationContext start(String database) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--treatment.data-dir=" + dataDir,
                "--treatment.security.password=not-the-demo-password"));
        if (database.equals("postgres")) {
            arguments.addAll(List.of("--spring.profiles.active=postgres", "--TREATMENT_DB_URL=" + DB.url()));
        }
        return new SpringApplicationBuilder(SupportTestApplication.class).run(arguments.toArray(String[]::new));
    }

    /** A transaction on another thread that appended its events and waits to commit. */
    private record OpenAppend(CountDownLatch release, CompletableFuture<Void> done) {

        void commit() throws Exception {
            release.countDown();
            done.get(30, TimeUnit.SECONDS);
        }
    }

    /** Appends the events in a transaction of its own and returns once they are appended, the transaction open. */
    private static OpenAppend appendAndHoldOpen(TransactionTemplate transactions, EventStorageEngine engine,
                                        List<? extends EventMessage<?>> events) {
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            engine.appendEvents(events);
            appended.countDown();
            await(commit);
        }));
        await(appended);
        return new OpenAppend(commit, done);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
