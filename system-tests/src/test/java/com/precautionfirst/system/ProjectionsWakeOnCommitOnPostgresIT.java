package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import com.precautionfirst.testsupport.SigningKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 0055 across processes: a command side and a query side (the built jars, profile {@code postgres}) whose
 * query side polls the store only once a day, listening or not. A client registered on the command side is readable
 * on the query side within seconds only because the command side announces its commit (CommitNotifier) and the query
 * side listens for it and wakes its processors (CommitListener); without either half it would wait for that poll.
 */
class ProjectionsWakeOnCommitOnPostgresIT {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    private static final String PASSWORD = "it-secret-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: a woken query side projects a registration in milliseconds; its poll is a day away. */
    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    static Path keys;

    @Test
    void aRegistrationIsReadableOnTheQuerySideWithinSecondsThoughItsPollIsADayAway() throws Exception {
        Map<String, String> environment = Map.of("TREATMENT_DB_URL", DB.url(), "TREATMENT_DB_USER", DB.user(),
                "TREATMENT_ADMIN_PASSWORD", PASSWORD,
                "TREATMENT_SIGNING_KEY", SigningKeys.writeNewKey(keys.resolve("signing-key.pem")).toString());
        // the command side creates the schema first
        try (ServiceProcess command = ServiceProcess.start(Service.COMMAND_SIDE, "wake-command", environment,
                List.of("--spring.profiles.active=postgres")).awaitHealthy();
             ServiceProcess query = ServiceProcess.start(Service.QUERY_SIDE, "wake-query", environment,
                     List.of("--spring.profiles.active=postgres", "--treatment.event-store.fetch-delay=24h",
                             "--treatment.event-store.fetch-delay-while-listening=24h")).awaitHealthy()) {
            Api commands = new Api(command.baseUrl(), "admin", PASSWORD);
            Api reads = new Api(query.baseUrl(), "admin", PASSWORD);

            // a first registration, projected by a processor's first read of the store or by a wake: afterwards
            // every processor has read everything and waits
            awaitReadable(reads, register(commands), query);
            Thread.sleep(1_000);

            awaitReadable(reads, register(commands), query);
        }
    }

    private static void awaitReadable(Api reads, String clientId, ServiceProcess query) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        int status;
        while ((status = reads.get("/api/clients/" + clientId + "/history").statusCode()) != 200) {
            assertThat(status).as("not projected yet").isEqualTo(404);
            assertThat(System.nanoTime() - deadline).as("readable within " + SOON + "; query side:\n"
                    + query.logTail()).isNegative();
            Thread.sleep(50);
        }
    }

    private static String register(Api commands) throws Exception {
        HttpResponse<String> answer = commands.post("/api/clients",
                "{\"name\":\"Maria Keller\",\"dateOfBirth\":\"1978-04-12\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return JSON.readTree(answer.body()).path("clientId").asText();
    }
}
