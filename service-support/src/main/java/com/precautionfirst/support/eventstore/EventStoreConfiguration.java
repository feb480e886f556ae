package com.precautionfirst.support.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.precautionfirst.api.MetadataKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * The event store both services share. Declared here rather than left to Axon's auto-configuration for three
 * reasons: the reading process must poll the store often when nobody tells it of another JVM's appends (on H2; on
 * PostgreSQL the command side announces its commits and the query side listens, decision 0055), the gap settings
 * must be explicit (see docs/decisions), and Axon's embedded store's read-ahead cache keeps a large backlog in memory
 * ({@link PollingEventStore}). Events, messages and tokens are serialized with one Jackson
 * mapper of their own, so that changing the web layer's JSON settings never changes what is stored. Events and tokens
 * are written and read with plain JDBC on the tables of V1 (decisions 0066-0068): Axon's JPA engines spent more
 * CPU in Hibernate than in the database.
 */
@Configuration
@EnableConfigurationProperties(EventStoreProperties.class)
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
public class EventStoreConfiguration {

    /** The mapper for stored events: ISO dates, sorted map keys, and tolerance of fields added later. */
    public static ObjectMapper storageObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Bean
    @Primary
    public Serializer serializer(RevisionResolver revisionResolver) {
        return JacksonSerializer.builder()
                .objectMapper(storageObjectMapper())
                .revisionResolver(revisionResolver)
                .build();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    /**
     * Axon's JDBC token store on the table of V1, in place of the JPA one Axon configures by default (decision
     * 0066). A processor stores its token after every batch of every segment; the JPA store did that as a locking
     * read and a flush through Hibernate, about a tenth of the processor threads' CPU, and the JDBC store sends one
     * UPDATE. It takes the connection of the transaction it runs in, so a token still commits or rolls back with
     * the projection's writes of the same batch.
     */
    @Bean
    public TokenStore tokenStore(DataSource dataSource, Serializer serializer, TokenStoreProperties properties) {
        return JdbcTokenStore.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(dataSource)))
                .schema(TokenSchema.builder().setTokenTable("token_entry").setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment").setTokenColumn("token").setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp").setOwnerColumn("owner").build())
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout())
                .contentType(byte[].class)
                .build();
    }

    /**
     * The engine that appends events and loads aggregates (decision 0068): Axon's JDBC engine on the tables of V1, in
     * the transaction of the unit of work that runs it (the connection Spring bound to it, as the token store's). An
     * append is one INSERT that takes its global index from the sequence in the same statement; a duplicate
     * (aggregate, sequence number) is a {@code ConcurrencyException}, or an {@code AggregateStreamCreationException} for
     * a stream's first event, as with the JPA engine. A stream is read as the JPA engine read it, a batch at a time
     * by count, ending at the first batch that is not full. Its reads of tracked events are those of
     * {@link #trackedReads}.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(DataSource dataSource, Serializer serializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 org.axonframework.config.Configuration configuration,
                                                 TransactionManager transactionManager,
                                                 EventStoreProperties properties) {
        JdbcEventStorageEngine.Builder engine = jdbcEngine(serializer, configuration, properties)
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(dataSource)))
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotFilter(configuration.snapshotFilter())
                .appendEvents(EventStoreConfiguration::insertWithNextGlobalIndex)
                .readEventDataForAggregate(EventStoreConfiguration::firstBatchOfStream);
        SQLExceptionTranslator translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
        return new JdbcEventStorageEngine(engine) {
            /** A batch taken by count that is not full is the stream's end, as in the JPA engine: no empty read. */
            @Override
            protected boolean fetchForAggregateUntilEmpty() {
                return false;
            }

            /**
             * An append that waited too long for a lock, or lost a deadlock, fails as Spring's
             * {@link PessimisticLockingFailureException}, as the JdbcTemplate reports it (through the JPA engine it was
             * JPA's lock exception), so that the command runner retries it as a lost race; a duplicate is Axon's
             * concurrency exception, anything else Axon's {@code EventStoreException}.
             */
            @Override
            protected void handlePersistenceException(Exception exception, EventMessage<?> failedEvent) {
                if (exception instanceof SQLException sql
                        && translator.translate("append", null, sql) instanceof PessimisticLockingFailureException lock) {
                    throw lock;
                }
                super.handlePersistenceException(exception, failedEvent);
            }
        };
    }

    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public PollingEventStore eventStore(EventStorageEngine storageEngine, DataSource dataSource, Serializer serializer,
                                        org.axonframework.config.Configuration configuration,
                                        EventStoreProperties properties) {
        return new PollingEventStore(storageEngine, trackedReads(dataSource, serializer, configuration, properties),
                configuration.messageMonitor(EventStore.class, "eventStore"), properties.fetchDelay());
    }

    /**
     * The engine the processors' streams read the store through (decision 0067): each read is one statement on a
     * pooled connection of its own (autocommit), never in the transaction of the thread that happens to run it, since
     * one stream's read serves every stream at the same position (decision 0064).
     */
    static JdbcEventStorageEngine trackedReads(DataSource dataSource, Serializer serializer,
                                               org.axonframework.config.Configuration configuration,
                                               EventStoreProperties properties) {
        return jdbcEngine(serializer, configuration, properties)
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.instance())
                .build();
    }

    /**
     * Axon's JDBC engine on the tables of V1 with the JPA engine's read of tracked events (the events after a
     * position, or in its gaps, the first batch of them by global index) and the gap settings, so that a stream reads
     * the same events with the same tokens as through the JPA engine, without Hibernate's session, JPQL and flush
     * checks around each read.
     */
    private static JdbcEventStorageEngine.Builder jdbcEngine(Serializer serializer,
                                                             org.axonframework.config.Configuration configuration,
                                                             EventStoreProperties properties) {
        return JdbcEventStorageEngine.builder()
                .schema(EventSchema.builder().eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index").timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number").typeColumn("type").payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision").payloadColumn("payload").metaDataColumn("meta_data")
                        .build())
                .dataType(byte[].class)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .readEventDataWithoutGaps((connection, schema, index, batchSize) ->
                        firstBatchAfter(connection, schema, index, batchSize, List.of()))
                .readEventDataWithGaps(EventStoreConfiguration::firstBatchAfter)
                // Axon's own statements read a range of global indexes, which a gap wider than a batch leaves empty,
                // so it then asks for the next index; a batch taken by count is never empty while events follow
                .extendedGapCheckEnabled(false)
                .gapTimeout((int) properties.gapTimeout().toMillis())
                .gapCleaningThreshold(properties.gapCleaningThreshold())
                .maxGapOffset(properties.maxGapOffset());
    }

    /** The JPA engine's read of a stream: its first {@code batchSize} events from a sequence number on. */
    private static PreparedStatement firstBatchOfStream(Connection connection, EventSchema schema, String aggregate,
                                                        long firstSequenceNumber, int batchSize) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.domainEventFields() + " FROM "
                + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND "
                + schema.sequenceNumberColumn() + " >= ? ORDER BY " + schema.sequenceNumberColumn()
                + " FETCH FIRST ? ROWS ONLY");
        statement.setString(1, aggregate);
        statement.setLong(2, firstSequenceNumber);
        statement.setInt(3, batchSize);
        return statement;
    }

    /**
     * Axon's INSERT of events with the global index taken from its sequence (allocation size 1, as the JPA mapping
     * did, so that several writers never hand out interleaved blocks), in the statement instead of a round trip of its
     * own. An event that belongs to no aggregate is stored under its own identifier, as Axon stores it.
     */
    private static PreparedStatement insertWithNextGlobalIndex(Connection connection, EventSchema schema,
                                                               Class<?> dataType,
                                                               List<? extends EventMessage<?>> events,
                                                               Serializer serializer, TimestampWriter timestamps)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("INSERT INTO " + schema.domainEventTable() + " ("
                + schema.globalIndexColumn() + ", " + schema.domainEventFields()
                + ") VALUES (nextval('domain_event_global_index_seq'),?,?,?,?,?,?,?,?,?)");
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain ? domain
                    : new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message, message::getTimestamp);
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            timestamps.writeTimestamp(statement, 5, event.getTimestamp());
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setObject(8, payload.getData());
            statement.setObject(9, event.serializeMetaData(serializer, dataType).getData());
            statement.addBatch();
        }
        return statement;
    }

    /** The JPA engine's query: the first {@code batchSize} events after {@code index} or in the token's gaps. */
    private static PreparedStatement firstBatchAfter(Connection connection, EventSchema schema, long index,
                                                     int batchSize, List<Long> gaps) throws SQLException {
        String inGaps = gaps.isEmpty() ? ""
                : " OR " + schema.globalIndexColumn() + " IN (" + String.join(",", Collections.nCopies(gaps.size(), "?"))
                        + ")";
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.trackedEventFields()
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " > ?" + inGaps
                + " ORDER BY " + schema.globalIndexColumn() + " FETCH FIRST ? ROWS ONLY");
        int parameter = 1;
        statement.setLong(parameter++, index);
        for (long gap : gaps) {
            statement.setLong(parameter++, gap);
        }
        statement.setInt(parameter, batchSize);
        return statement;
    }

    /** Copies who, which role, the request's correlation id and the idempotency key onto every event. */
    @Bean
    public CorrelationDataProvider requestMetadataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.USER_ID, MetadataKeys.ROLE,
                MetadataKeys.CORRELATION_ID, MetadataKeys.IDEMPOTENCY_KEY);
    }
}
