package com.precautionfirst.support.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.precautionfirst.api.MetadataKeys;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
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
    public PollingEventStore eventStore(EventStorageEngine storageEngine,
                                        org.axonframework.config.Configuration configuration,
                                        EventStoreProperties properties) {
        return new PollingEventStore(storageEngine, configuration.messageMonitor(EventStore.class, "eventStore"),
                properties.fetchDelay());
    }

    /** Copies who, which role, the request's correlation id and the idempotency key onto every event. */
    @Bean
    public CorrelationDataProvider requestMetadataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.USER_ID, MetadataKeys.ROLE,
                MetadataKeys.CORRELATION_ID, MetadataKeys.IDEMPOTENCY_KEY);
    }
}
