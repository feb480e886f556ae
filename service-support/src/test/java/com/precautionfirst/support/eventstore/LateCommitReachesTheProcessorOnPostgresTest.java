package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.support.SupportTestApplication;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A command transaction that takes its global index first but commits last leaves a gap that later events pass;
 * the tracking processor must still deliver it once it commits (docs/decisions/0030-gap-settings.md).
 */
@DirtiesContext
@SpringBootTest(classes = {SupportTestApplication.class, SeenClients.class}, properties = {
        "spring.profiles.active=postgres",
        "treatment.security.password=not-the-demo-password",
        "axon.eventhandling.processors.gap-probe.mode=tracking"})
class LateCommitReachesTheProcessorOnPostgresTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("TREATMENT_DB_URL", DB::url);
    }

    @Autowired
    EventStorageEngine storage;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SeenClients seen;

    @Test
    void anEventCommittedThreeSecondsLateStillReachesTheProcessor() throws Exception {
        CountDownLatch lateAppended = new CountDownLatch(1);
        CompletableFuture<Void> lateCommit = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            storage.appendEvents(registration("late"));
            lateAppended.countDown();
            sleep(Duration.ofSeconds(3));
        }));
        assertThat(lateAppended.await(10, TimeUnit.SECONDS)).isTrue();

        for (String id : List.of("early-1", "early-2", "early-3")) {
            storage.appendEvents(registration(id));
        }
        awaitTrue(() -> seen.ids.containsAll(List.of("early-1", "early-2", "early-3")), Duration.ofSeconds(10));
        assertThat(seen.ids).as("the late event is not committed yet").doesNotContain("late");

        lateCommit.get(10, TimeUnit.SECONDS);
        awaitTrue(() -> seen.ids.contains("late"), Duration.ofSeconds(10));

        Long lateIndex = jdbc.queryForObject(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = 'late'", Long.class);
        Long firstEarlyIndex = jdbc.queryForObject(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = 'early-1'", Long.class);
        assertThat(lateIndex).as("the late event took its index before the others: a real gap").isLessThan(firstEarlyIndex);
        assertThat(seen.ids).containsExactly("early-1", "early-2", "early-3", "late");
    }

    private static GenericDomainEventMessage<ClientRegistered> registration(String clientId) {
        return new GenericDomainEventMessage<>("ClientRecord", clientId, 0,
                new ClientRegistered(clientId, "Client " + clientId, LocalDate.of(1980, 1, 1)));
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
            sleep(Duration.ofMillis(50));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
