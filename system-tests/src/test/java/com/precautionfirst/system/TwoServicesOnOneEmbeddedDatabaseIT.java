package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.testsupport.EmbeddedDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton as a newcomer runs it: the command side and the query side as two processes on one H2
 * database on disk. A client registered over HTTP appears on the query side; a restart of the query side neither
 * loses it nor projects the store again; either process may start first; both append to one access-log chain.
 */
class TwoServicesOnOneEmbeddedDatabaseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void aRegisteredClientReachesTheQuerySideAndSurvivesItsRestart() throws Exception {
        Map<String, String> env = Map.of("TREATMENT_DATA_DIR", dataDir.toString());
        try (ServiceProcess command = start(Service.COMMAND_SIDE, "command-side", env)) {
            ServiceProcess query = start(Service.QUERY_SIDE, "query-side", env);
            try {
                HttpResponse<String> created = post(command, "/api/clients",
                        "{\"clientId\":\"maria\",\"name\":\"Maria Keller\",\"dateOfBirth\":\"1978-04-12\"}");
                assertThat(created.statusCode()).isEqualTo(201);
                assertThat(JSON.readTree(created.body()).get("clientId").asText()).isEqualTo("maria");

                JsonNode history = awaitHistory(query, "maria");
                assertThat(history.get("name").asText()).isEqualTo("Maria Keller");
                assertThat(history.get("dateOfBirth").asText()).isEqualTo("1978-04-12");
                long tokenBeforeRestart = historyTokenIndex();
                assertThat(tokenBeforeRestart).isPositive();

                query.close();
                query = start(Service.QUERY_SIDE, "query-side", env);

                // answered at once from the projection's own tables, and the token was not reset for a replay
                HttpResponse<String> afterRestart = get(query, "/api/clients/maria/history");
                assertThat(afterRestart.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(afterRestart.body()).get("name").asText()).isEqualTo("Maria Keller");
                assertThat(historyTokenIndex()).isEqualTo(tokenBeforeRestart);

                // and it goes on projecting from where it stopped
                assertThat(post(command, "/api/clients",
                        "{\"clientId\":\"jonas\",\"name\":\"Jonas Berg\",\"dateOfBirth\":\"1990-01-30\"}").statusCode())
                        .isEqualTo(201);
                assertThat(awaitHistory(query, "jonas").get("name").asText()).isEqualTo("Jonas Berg");
                assertThat(historyTokenIndex()).isGreaterThan(tokenBeforeRestart);
            } finally {
                query.close();
            }
        }
    }

    @Test
    void theQuerySideMayStartFirst() throws Exception {
        Map<String, String> env = Map.of("TREATMENT_DATA_DIR", dataDir.toString());
        try (ServiceProcess query = start(Service.QUERY_SIDE, "query-side", env);
             ServiceProcess command = start(Service.COMMAND_SIDE, "command-side", env)) {
            assertThat(post(command, "/api/clients",
                    "{\"clientId\":\"ana\",\"name\":\"Ana Silva\",\"dateOfBirth\":\"1985-07-01\"}").statusCode())
                    .isEqualTo(201);
            assertThat(awaitHistory(query, "ana").get("name").asText()).isEqualTo("Ana Silva");
        }
    }

    /**
     * Both processes append to the one access log at once (refused commands on the command side, reads on the query
     * side, through H2's AUTO_SERVER): it stays one valid hash chain with every entry in it.
     */
    @Test
    void bothProcessesAppendToOneAccessLogChain() throws Exception {
        Map<String, String> env = Map.of("TREATMENT_DATA_DIR", dataDir.toString());
        try (ServiceProcess command = start(Service.COMMAND_SIDE, "command-side", env);
             ServiceProcess query = start(Service.QUERY_SIDE, "query-side", env)) {
            assertThat(post(command, "/api/clients",
                    "{\"clientId\":\"lea\",\"name\":\"Lea Horn\",\"dateOfBirth\":\"1970-03-03\"}").statusCode())
                    .isEqualTo(201);
            awaitHistory(query, "lea");
            int rounds = 20;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < rounds; i++) {
                    answers.add(pool.submit(() -> post("auditor", command, "/api/clients/lea/conditions",
                            "{\"icd10Code\":\"M54.5\",\"description\":\"low back pain\"}").statusCode()));
                    answers.add(pool.submit(() -> get(query, "/api/clients/lea/history").statusCode()));
                }
                for (int i = 0; i < answers.size(); i++) {
                    assertThat(answers.get(i).get()).isEqualTo(i % 2 == 0 ? 403 : 200);
                }
            } finally {
                pool.shutdownNow();
            }

            HttpResponse<String> verification = http.send(request("auditor", query, "/api/access-log/verification")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode result = JSON.readTree(verification.body());
            assertThat(result.get("valid").asBoolean()).as(verification.body()).isTrue();
            // the refusals, the reads, and the reads that waited for lea's record to be projected
            assertThat(result.get("checkedEntries").asLong()).isGreaterThan(2L * rounds);
        }
    }

    private static ServiceProcess start(Service service, String name, Map<String, String> env) {
        return ServiceProcess.start(service, name, env, List.of()).awaitHealthy();
    }

    private JsonNode awaitHistory(ServiceProcess query, String clientId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        HttpResponse<String> response;
        do {
            response = get(query, "/api/clients/" + clientId + "/history");
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body());
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("history of " + clientId + " did not appear within 30 s: " + response.body());
    }

    /**
     * The position of the query side's history processor, read from its tokens in the shared database: the furthest
     * of its segments (every segment's token advances over all events; one may trail the other by a poll, or have no
     * token yet).
     */
    private long historyTokenIndex() throws SQLException, java.io.IOException {
        try (Connection connection = EmbeddedDatabase.connect(dataDir);
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT token FROM token_entry WHERE processor_name = 'history'")) {
            long furthest = -1;
            while (rs.next()) {
                if (rs.getBytes(1) == null) {
                    continue; // a segment claimed but not yet given a token: it has processed nothing
                }
                JsonNode token = JSON.readTree(new String(rs.getBytes(1), StandardCharsets.UTF_8));
                // a processor that starts on a non-empty store (the seeded users) begins with Axon's ReplayToken
                // until it passes the head it saw; its position is the wrapped current token
                if (token.has("currentToken")) {
                    token = token.get("currentToken");
                }
                assertThat(token.has("index")).as("a history token: %s", token).isTrue();
                furthest = Math.max(furthest, token.get("index").asLong());
            }
            assertThat(furthest).as("history processor has a token").isNotNegative();
            return furthest;
        }
    }

    private HttpResponse<String> post(ServiceProcess service, String path, String body) throws Exception {
        return post("admin", service, path, body);
    }

    private HttpResponse<String> post(String user, ServiceProcess service, String path, String body)
            throws Exception {
        return http.send(request(user, service, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ServiceProcess service, String path) throws Exception {
        return http.send(request("admin", service, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String user, ServiceProcess service, String path) {
        return HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes()));
    }
}
