package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.support.SupportTestApplication;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decision 0067: the processors' streams read the store through Axon's JDBC engine with the JPA engine's query, and
 * must read exactly what the JPA engine reads: the same events in the same order with the same tokens, across a gap
 * wider than a batch (a rolled-back transaction's indexes), and with a gap that a late commit fills afterwards.
 */
class StreamsReadThroughJdbcTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theStreamsReadWhatTheJpaEngineReads(String database) throws Exception {
        try (ConfigurableApplicationContext context = start(database)) {
            EventStorageEngine jpa = context.getBean(EventStorageEngine.class);
            EventStorageEngine jdbc = EventStoreConfiguration.trackedReads(context.getBean(DataSource.class),
                    context.getBean(Serializer.class), context.getBean(org.axonframework.config.Configuration.class),
                    context.getBean(EventStoreProperties.class));
            PollingEventStore store = context.getBean(PollingEventStore.class);
            TransactionTemplate transactions = context.getBean(TransactionTemplate.class);

            append(transactions, jpa, "before-1", "before-2", "before-3");
            transactions.executeWithoutResult(tx -> {
                jpa.appendEvents(registrations(IntStream.range(0, 150).mapToObj(i -> "rolled-back-" + i)));
                tx.setRollbackOnly();
            });
            append(transactions, jpa, "after-gap-1", "after-gap-2");
            CountDownLatch lateAppended = new CountDownLatch(1);
            CountDownLatch commitLate = new CountDownLatch(1);
            CompletableFuture<Void> late = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
                jpa.appendEvents(registrations(Stream.of("late")));
                lateAppended.countDown();
                await(commitLate);
            }));
            await(lateAppended);
            append(transactions, jpa, "after-late-1", "after-late-2");

            List<Read> all = reads(jpa, null);
            assertThat(all).extracting(Read::clientId).containsExactly("before-1", "before-2", "before-3",
                    "after-gap-1", "after-gap-2", "after-late-1", "after-late-2");
            assertThat(reads(jdbc, null)).isEqualTo(all);
            assertThat(drain(store, null)).isEqualTo(all);
            TrackingToken third = all.get(2).token();
            assertThat(reads(jdbc, third)).isEqualTo(reads(jpa, third)).hasSize(4);

            GapAwareTrackingToken withLateGap = (GapAwareTrackingToken) all.get(all.size() - 1).token();
            assertThat(withLateGap.getGaps()).as("the late transaction's index is a gap").isNotEmpty();
            commitLate.countDown();
            late.get(30, TimeUnit.SECONDS);

            List<Read> filled = reads(jpa, withLateGap);
            assertThat(filled).extracting(Read::clientId).containsExactly("late");
            assertThat(reads(jdbc, withLateGap)).isEqualTo(filled);
            assertThat(drain(store, withLateGap)).isEqualTo(filled);
        }
    }

    private ConfigurableApplicationContext start(String database) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--treatment.data-dir=" + dataDir,
                "--treatment.security.password=not-the-demo-password"));
        if (database.equals("postgres")) {
            arguments.addAll(List.of("--spring.profiles.active=postgres", "--TREATMENT_DB_URL=" + DB.url()));
        }
        return new SpringApplicationBuilder(SupportTestApplication.class).run(arguments.toArray(String[]::new));
    }

    /** What a reader gets of one event: its position, identity and payload. */
    private record Read(TrackingToken token, String identifier, String clientId) {
        static Read of(TrackedEventMessage<?> event) {
            return new Read(event.trackingToken(), event.getIdentifier(), ((ClientRegistered) event.getPayload()).clientId());
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
                new ClientRegistered(id, "Client " + id, LocalDate.of(1980, 1, 1)))).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
