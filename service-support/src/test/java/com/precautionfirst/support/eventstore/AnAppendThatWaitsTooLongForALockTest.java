package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decision 0068: an append that waits for another transaction's uncommitted event at the same stream position longer
 * than the lock timeout fails as Spring's {@link PessimisticLockingFailureException}, which the command runner
 * retries as a lost race (through the JPA engine it was JPA's lock exception); once the other transaction committed,
 * the same append is the duplicate it always was.
 */
class AnAppendThatWaitsTooLongForALockTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void itIsALostRaceAndAfterTheOtherCommitsADuplicate(String database) throws Exception {
        try (ConfigurableApplicationContext context = SupportContexts.start(database, dataDir, DB)) {
            EventStorageEngine engine = context.getBean(EventStorageEngine.class);
            TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            String shortLockTimeout = database.equals("postgres") ? "SET LOCAL lock_timeout = '300ms'"
                    : "SET LOCK_TIMEOUT 300";

            CountDownLatch appended = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
                engine.appendEvents(registration("held"));
                appended.countDown();
                await(commit);
            }));
            await(appended);

            assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
                jdbc.execute(shortLockTimeout);
                engine.appendEvents(registration("held"));
            })).isInstanceOf(PessimisticLockingFailureException.class);

            commit.countDown();
            first.get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> engine.appendEvents(registration("held"))))
                    .isInstanceOf(AggregateStreamCreationException.class);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = 'held'",
                    Integer.class)).isOne();
        }
    }

    private static List<GenericDomainEventMessage<ClientRegistered>> registration(String clientId) {
        return List.of(new GenericDomainEventMessage<>("ClientRecord", clientId, 0,
                new ClientRegistered(clientId, "Client " + clientId, LocalDate.of(1980, 1, 1))));
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
