package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Production shape on loopback: two command-side and two query-side processes (the built jars, profile
 * {@code postgres}) on one PostgreSQL database of the test's own.
 */
class TwoInstancesOfEachSideOnOnePostgresIT {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    static final String PASSWORD = "it-secret-" + UUID.randomUUID();
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<ServiceProcess> processes = new ArrayList<>();
    static Api commandA;
    static Api commandB;
    static Api queryA;
    static Api queryB;

    @BeforeAll
    static void startFourProcesses() {
        // the first command side creates the schema; the other three then start together
        ServiceProcess first = start(Service.COMMAND_SIDE, "command-a").awaitHealthy();
        List<ServiceProcess> others = List.of(start(Service.COMMAND_SIDE, "command-b"),
                start(Service.QUERY_SIDE, "query-a"), start(Service.QUERY_SIDE, "query-b"));
        others.forEach(ServiceProcess::awaitHealthy);
        commandA = new Api(first.baseUrl(), "admin", PASSWORD);
        commandB = new Api(others.get(0).baseUrl(), "admin", PASSWORD);
        queryA = new Api(others.get(1).baseUrl(), "admin", PASSWORD);
        queryB = new Api(others.get(2).baseUrl(), "admin", PASSWORD);
    }

    @AfterAll
    static void stopThem() {
        processes.forEach(ServiceProcess::close);
    }

    static ServiceProcess start(Service service, String name) {
        ServiceProcess process = ServiceProcess.start(service, name, Map.of(
                "TREATMENT_DB_URL", DB.url(), "TREATMENT_DB_USER", DB.user(),
                "TREATMENT_DEMO_PASSWORD", PASSWORD), List.of("--spring.profiles.active=postgres"));
        processes.add(process);
        return process;
    }

    @Test
    void theSameRegistrationSentToBothCommandSidesIsStoredExactlyOnce() throws Exception {
        List<String> ids = Stream.generate(() -> "twin-" + UUID.randomUUID().toString().substring(0, 8)).limit(40).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, List<CompletableFuture<HttpResponse<String>>>> answers = new HashMap<>();
        try {
            for (String id : ids) {
                String body = "{\"clientId\":\"" + id + "\",\"name\":\"Twin " + id + "\",\"dateOfBirth\":\"1970-05-05\"}";
                answers.put(id, List.of(
                        CompletableFuture.supplyAsync(() -> commandA.post("/api/clients", body), pool),
                        CompletableFuture.supplyAsync(() -> commandB.post("/api/clients", body), pool)));
            }
            for (String id : ids) {
                List<Integer> statuses = answers.get(id).stream().map(f -> f.join().statusCode()).sorted().toList();
                assertThat(statuses).as("answers for %s", id).containsExactly(201, 409);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String id : ids) {
            assertThat(eventsOf(id)).as("events of %s", id).isEqualTo(1);
        }
    }

    @Test
    void bothQuerySidesShareTheHistorySegmentsAndAnswerAlike() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "shared-" + UUID.randomUUID().toString().substring(0, 8);
            Api command = i % 2 == 0 ? commandA : commandB;
            assertThat(command.post("/api/clients", "{\"clientId\":\"" + id + "\",\"name\":\"Shared " + i
                    + "\",\"dateOfBirth\":\"1980-02-02\"}").statusCode()).isEqualTo(201);
            ids.add(id);
        }

        awaitTrue(() -> historyOwners().size() == 2, Duration.ofSeconds(60), "both query sides own a segment");

        for (String id : ids) {
            JsonNode fromA = awaitHistory(queryA, id);
            JsonNode fromB = awaitHistory(queryB, id);
            assertThat(fromA).as("history of %s", id).isEqualTo(fromB);
            assertThat(fromA.path("clientId").asText()).isEqualTo(id);
        }
    }

    static JsonNode awaitHistory(Api query, String clientId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> response;
        do {
            response = query.get("/api/clients/" + clientId + "/history");
            assertThat(response.statusCode()).as("never a server error").isLessThan(500);
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body());
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("history of " + clientId + " not visible: " + response.statusCode() + " " + response.body());
    }

    static Set<String> historyOwners() {
        Set<String> owners = new HashSet<>();
        try (Connection c = DB.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT owner FROM token_entry WHERE processor_name = 'history' AND owner IS NOT NULL")) {
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return owners;
    }

    static int eventsOf(String aggregateId) throws Exception {
        try (Connection c = DB.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?")) {
            s.setString(1, aggregateId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + timeout).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
