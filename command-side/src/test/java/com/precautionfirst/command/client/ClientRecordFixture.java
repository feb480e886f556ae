package com.precautionfirst.command.client;

import com.precautionfirst.command.session.TreatmentSession;
import java.util.List;
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

    ClientRecordFixture() {
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
