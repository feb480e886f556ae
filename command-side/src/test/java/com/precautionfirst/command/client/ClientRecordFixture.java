package com.precautionfirst.command.client;

import com.precautionfirst.command.session.TreatmentSession;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositoryProvider;
import org.axonframework.test.aggregate.AggregateTestFixture;

/**
 * A fixture for the client record that can also create the session it starts
 * ({@code AggregateLifecycle.createNew}). Axon's fixture records events of the client stream only, so the created
 * session's events land in a store of their own, read with {@link #sessionEvents}.
 */
final class ClientRecordFixture {

    final AggregateTestFixture<ClientRecord> fixture = new AggregateTestFixture<>(ClientRecord.class);
    private final EmbeddedEventStore sessionStore =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();

    /** The fixture's "now": the morning of {@link com.precautionfirst.command.TestClients#TODAY}. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:30:00Z"), ZoneOffset.UTC);
    static final TherapistDirectory THERAPISTS = Set.of("therapist-a", "therapist-b")::contains;

    ClientRecordFixture() {
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(THERAPISTS);
        EventSourcingRepository<TreatmentSession> sessions =
                EventSourcingRepository.builder(TreatmentSession.class).eventStore(sessionStore).build();
        fixture.registerRepositoryProvider(new RepositoryProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Repository<T> repositoryFor(Class<T> aggregateType) {
                return aggregateType == TreatmentSession.class ? (Repository<T>) sessions : null;
            }
        });
    }

    List<Object> sessionEvents(String sessionId) {
        return sessionStore.readEvents(sessionId).asStream().map(EventMessage::getPayload).map(Object.class::cast)
                .toList();
    }
}
