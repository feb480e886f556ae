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
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.serialization.RevisionResolver;
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

/**
 * The event store both services share. Declared here rather than left to Axon's auto-configuration for three
 * reasons: the reading process must poll the store often when nobody tells it of another JVM's appends (on H2; on
 * PostgreSQL the command side announces its commits and the query side listens, decision 0055), the gap settings
 * must be explicit (see docs/decisions), and Axon's embedded store's read-ahead cache keeps a large backlog in memory
 * ({@link PollingEventStore}). Events, messages and tokens are serialized with one Jackson
 * mapper of their own, so that changing the web layer's JSON settings never changes what is stored.
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

    @Bean
    public EventStorageEngine eventStorageEngine(Serializer serializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 org.axonframework.config.Configuration configuration,
                                                 EntityManagerProvider entityManagerProvider,
                                                 TransactionManager transactionManager,
                                                 EventStoreProperties properties) {
        return JpaEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager)
                .gapTimeout((int) properties.gapTimeout().toMillis())
                .gapCleaningThreshold(properties.gapCleaningThreshold())
                .maxGapOffset(properties.maxGapOffset())
                .build();
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
     * The engine the processors' streams read the store through (decision 0067): Axon's JDBC engine on the tables of
     * V1, with the JPA engine's query (the events after a position, or in its gaps, the first batch of them by global
     * index) and its gap settings, so that a stream reads the same events with the same tokens. Each read is one
     * statement on a pooled connection of its own, without a transaction or Hibernate's session, entity mapping and
     * flush checks around it, which cost two thirds of the query side's store reads. Events are still appended, and
     * aggregates loaded, by the JPA engine.
     */
    static JdbcEventStorageEngine trackedReads(DataSource dataSource, Serializer serializer,
                                               org.axonframework.config.Configuration configuration,
                                               EventStoreProperties properties) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.instance())
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
                .maxGapOffset(properties.maxGapOffset())
                .build();
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
