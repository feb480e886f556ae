package com.precautionfirst.command.config;

import com.precautionfirst.command.client.ClientRecord;
import com.precautionfirst.command.repository.LeastRecentlyUsedCache;
import com.precautionfirst.command.repository.StoreCheckedCachingRepository;
import com.precautionfirst.command.session.TreatmentSession;
import com.precautionfirst.command.user.UserAccount;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The aggregates' repositories (named in their {@code @Aggregate}): each type with its own bounded cache, because
 * clients and sessions share one namespace of ids and a session command on a client's id must still find no
 * session (decision 0034). Why cached and checked against the store: decision 0051.
 */
@org.springframework.context.annotation.Configuration
public class AggregateRepositoryConfiguration {

    private final int maxEntries;
    private final JdbcTemplate jdbc;

    public AggregateRepositoryConfiguration(@Value("${treatment.aggregate-cache.max-entries}") int maxEntries,
                                            JdbcTemplate jdbc) {
        this.maxEntries = maxEntries;
        this.jdbc = jdbc;
    }

    @Bean
    public Repository<ClientRecord> clientRecordRepository(Configuration axon, EventStore eventStore) {
        return cached(ClientRecord.class, axon, eventStore);
    }

    @Bean
    public Repository<TreatmentSession> treatmentSessionRepository(Configuration axon, EventStore eventStore) {
        return cached(TreatmentSession.class, axon, eventStore);
    }

    @Bean
    public Repository<UserAccount> userAccountRepository(Configuration axon, EventStore eventStore) {
        return cached(UserAccount.class, axon, eventStore);
    }

    private <T> Repository<T> cached(Class<T> type, Configuration axon, EventStore eventStore) {
        return StoreCheckedCachingRepository.of(type, axon, eventStore, jdbc,
                new LeastRecentlyUsedCache(maxEntries));
    }
}
