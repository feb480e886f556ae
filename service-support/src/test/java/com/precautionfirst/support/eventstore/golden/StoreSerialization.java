package com.precautionfirst.support.eventstore.golden;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.support.SupportTestApplication;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event store's own write and read path, taken from a started service-support context rather than rebuilt by
 * hand: the serializer the storage engine was built with (EventStoreConfiguration's storage mapper with the
 * context's RevisionResolver) and the upcaster chain Axon assembled from the upcaster beans both services scan. A
 * golden payload written or read through anything else would prove nothing about the store.
 */
final class StoreSerialization implements AutoCloseable {

    private static final Instant STORED_AT = Instant.parse("2026-01-12T09:30:00Z");

    private final ConfigurableApplicationContext context;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    private StoreSerialization(ConfigurableApplicationContext context) {
        this.context = context;
        EventStorageEngine engine = context.getBean(EventStorageEngine.class);
        if (!(engine instanceof AbstractEventStorageEngine storage)) {
            throw new IllegalStateException("cannot take the serializer of " + engine.getClass());
        }
        this.serializer = storage.getEventSerializer();
        this.upcasters = context.getBean(org.axonframework.config.Configuration.class).upcasterChain();
    }

    /** Starts the shared configuration on an embedded database in {@code dataDir}. */
    static StoreSerialization start(Path dataDir) {
        return new StoreSerialization(new SpringApplicationBuilder(SupportTestApplication.class)
                .run("--server.port=0", "--treatment.data-dir=" + dataDir));
    }

    /** The payload type and revision under which the store keeps events of this class. */
    SerializedType typeOf(Class<?> eventClass) {
        return serializer.typeForClass(eventClass);
    }

    /** The mapper the stored bytes are written with, for reading single stored values such as enum constants. */
    ObjectMapper storageMapper() {
        return ((JacksonSerializer) serializer).getObjectMapper();
    }

    /** The columns the JPA storage engine writes for this event: the same entity it persists, built the same way. */
    StoredPayload write(Object event, MetaData metadata) {
        DomainEventEntry entry = new DomainEventEntry(
                new GenericDomainEventMessage<>("Golden", "golden-1", 0, event, metadata), serializer);
        return new StoredPayload(entry.getPayload().getType().getName(), entry.getPayload().getType().getRevision(),
                entry.getPayload().getData(), entry.getMetaData().getData());
    }

    /**
     * Appends the event through the storage engine and loads its row back with plain SQL: what the store really
     * keeps, to hold {@link #write} to it.
     */
    StoredPayload appendAndLoad(Object event, MetaData metadata) {
        GenericDomainEventMessage<Object> message = new GenericDomainEventMessage<>("Golden",
                UUID.randomUUID().toString(), 0, event, metadata);
        context.getBean(TransactionTemplate.class).executeWithoutResult(
                tx -> context.getBean(EventStorageEngine.class).appendEvents(message));
        return context.getBean(JdbcTemplate.class).queryForObject("SELECT payload_type, payload_revision, payload, "
                        + "meta_data FROM domain_event_entry WHERE event_identifier = ?",
                (row, i) -> new StoredPayload(row.getString(1), row.getString(2), row.getBytes(3), row.getBytes(4)),
                message.getIdentifier());
    }

    /**
     * Reads a stored row as a service does when it sources an aggregate or replays the store: upcast, then
     * deserialize (an upcaster may turn one stored event into several, or none).
     */
    List<DomainEventMessage<?>> read(StoredPayload stored) {
        GenericDomainEventEntry<byte[]> row = new GenericDomainEventEntry<>("Golden", "golden-1", 0, "golden-event-1",
                STORED_AT, stored.payloadType(), stored.revision(), stored.payload(), stored.metadata());
        return EventStreamUtils.asStream(
                EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row), serializer, upcasters))
                .<DomainEventMessage<?>>map(message -> message)
                .toList();
    }

    @Override
    public void close() {
        context.close();
    }

    /** The columns of one stored event that its payload's form lives in. */
    record StoredPayload(String payloadType, String revision, byte[] payload, byte[] metadata) {
    }
}
