package com.precautionfirst.command.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.support.eventstore.PollingEventStore;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Decision 0055: on PostgreSQL the command side announces every commit that appended events on the channel the query
 * sides listen on, after the commit (never in the command's transaction, never for a rollback), so that they read the
 * store at once instead of at their next poll. Listened for here on a connection of the test's own, as a query side
 * does.
 */
@ActiveProfiles("postgres")
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnnouncingCommitsOnPostgresTest {

    private static final String PASSWORD = "notify-test-" + UUID.randomUUID();

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::user);
        registry.add("spring.datasource.password", DB::password);
        registry.add("treatment.security.password", () -> PASSWORD);
        String dataDir = Files.createTempDirectory("commit-notifier-test").toString();
        registry.add("treatment.data-dir", () -> dataDir);
    }

    @Autowired
    PollingEventStore store;
    @Autowired
    TransactionManager transactions;
    @Autowired
    TestRestTemplate rest;

    private Connection listener;

    @BeforeEach
    void listen() throws SQLException {
        listener = DB.connect();
        listener.createStatement().execute("LISTEN " + PollingEventStore.COMMITS_CHANNEL);
    }

    @AfterEach
    void close() throws SQLException {
        listener.close();
    }

    @Test
    void aCommandThatAppendedIsAnnouncedAfterItsAnswer() throws SQLException {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> answer = rest.withBasicAuth("admin", PASSWORD).exchange("/api/clients", HttpMethod.POST,
                new HttpEntity<>("{\"name\":\"Maria Keller\",\"dateOfBirth\":\"1978-04-12\"}", headers),
                String.class);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(201);

        assertThat(notifications(10_000)).isNotEmpty()
                .allSatisfy(n -> assertThat(n.getName()).isEqualTo(PollingEventStore.COMMITS_CHANNEL));
    }

    @Test
    void theAnnouncementComesAfterTheCommitAndNeverForARollback() throws SQLException {
        UnitOfWork<?> rolledBack = appending();
        rolledBack.rollback();
        assertThat(notifications(1_000)).as("after a rollback").isEmpty();

        UnitOfWork<?> committing = appending();
        assertThat(notifications(1_000)).as("before the commit").isEmpty();
        committing.commit();

        assertThat(notifications(10_000)).as("after the commit").isNotEmpty();
    }

    /** A unit of work with its transaction, as the command runner starts one, that appended an event. */
    private UnitOfWork<?> appending() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        String clientId = "client-" + UUID.randomUUID();
        store.publish(new GenericDomainEventMessage<>("ClientRecord", clientId, 0,
                new ClientRegistered(clientId, "Client", LocalDate.of(1980, 1, 1))));
        return unitOfWork;
    }

    /** What arrives within the time (all that is there once something arrived). */
    private List<PGNotification> notifications(int waitMillis) throws SQLException {
        List<PGNotification> received = new ArrayList<>();
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (received.isEmpty() && System.nanoTime() < deadline) {
            PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(100);
            if (batch != null) {
                received.addAll(Arrays.asList(batch));
            }
        }
        return received;
    }
}
