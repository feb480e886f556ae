package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.DirectoryUsers;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import com.precautionfirst.testsupport.SigningKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production shape on loopback: two command-side and two query-side processes (the built jars, profile
 * {@code postgres}) on one PostgreSQL database of the test's own.
 */
class TwoInstancesOfEachSideOnOnePostgresIT {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @TempDir
    static Path keys;
    /** One checkpoint signing key for both query sides: they sign one log (decision 0040). */
    static Path signingKey;

    static final String PASSWORD = "it-secret-" + UUID.randomUUID();
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<ServiceProcess> processes = new ArrayList<>();
    static final List<ServiceProcess> commandSides = new ArrayList<>();
    static Api commandA;
    static Api commandB;
    static Api queryA;
    static Api queryB;

    @BeforeAll
    static void startFourProcesses() {
        signingKey = SigningKeys.writeNewKey(keys.resolve("signing-key.pem"));
        // the first command side creates the schema; the other three then start together
        ServiceProcess first = start(Service.COMMAND_SIDE, "command-a").awaitHealthy();
        // the postgres profile seeds only admin: the clinic adds its therapists over the API
        DirectoryUsers.createDemoUsers(new Api(first.baseUrl(), "admin", PASSWORD), PASSWORD);
        List<ServiceProcess> others = List.of(start(Service.COMMAND_SIDE, "command-b"),
                start(Service.QUERY_SIDE, "query-a"), start(Service.QUERY_SIDE, "query-b"));
        others.forEach(ServiceProcess::awaitHealthy);
        commandSides.addAll(List.of(first, others.get(0)));
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
        Map<String, String> environment = new HashMap<>(Map.of(
                "TREATMENT_DB_URL", DB.url(), "TREATMENT_DB_USER", DB.user(),
                "TREATMENT_ADMIN_PASSWORD", PASSWORD));
        if (service == Service.QUERY_SIDE) {
            // on the postgres profile a query side refuses to start without it
            environment.put("TREATMENT_SIGNING_KEY", signingKey.toString());
        }
        ServiceProcess process = ServiceProcess.start(service, name, environment,
                List.of("--spring.profiles.active=postgres"));
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

    @Test
    void parallelPressureAdjustmentsOnOneSessionThroughBothCommandSidesAreEachStoredOnceOrRefused() throws Exception {
        String clientId = "pressure-" + UUID.randomUUID().toString().substring(0, 8);
        Api therapistA = new Api(commandSides.get(0).baseUrl(), "therapist-a", PASSWORD);
        Api therapistB = new Api(commandSides.get(1).baseUrl(), "therapist-a", PASSWORD);
        assertThat(commandA.post("/api/clients", "{\"clientId\":\"" + clientId
                + "\",\"name\":\"Pressure Test\",\"dateOfBirth\":\"1975-03-14\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> condition = commandA.post("/api/clients/" + clientId + "/conditions",
                "{\"icd10Code\":\"M54.3\",\"description\":\"Sciatica\",\"requiresClearance\":true,"
                        + "\"region\":\"LOWER_BACK\"}");
        Assumptions.assumeTrue(condition.statusCode() != 404, "the command side has no condition endpoint yet");
        assertThat(condition.statusCode()).as(condition.body()).isEqualTo(201);
        String conditionId = JSON.readTree(condition.body()).get("conditionId").asText();
        LocalDate today = LocalDate.now();
        HttpResponse<String> clearance = commandA.post("/api/clients/" + clientId + "/clearances",
                "{\"conditionIds\":[\"" + conditionId + "\"],\"professional\":{\"name\":\"Dr. Weber\","
                        + "\"profession\":\"PHYSIOTHERAPIST\",\"licenseNumber\":\"PT-4711\"},\"issuedOn\":\""
                        + today.minusDays(1) + "\",\"validUntil\":\"" + today.plusDays(90) + "\",\"damageLocation\":"
                        + "\"L5-S1\",\"restrictions\":{\"excludedAreas\":[],\"maxPressure\":{\"LOWER_BACK\":3},"
                        + "\"prohibitedTechniques\":[]}}");
        assertThat(clearance.statusCode()).as(clearance.body()).isEqualTo(201);
        HttpResponse<String> assigned = commandA.post("/api/clients/" + clientId + "/therapists",
                "{\"therapistId\":\"therapist-a\"}");
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(200);
        HttpResponse<String> started = therapistA.post("/api/sessions",
                "{\"clientId\":\"" + clientId + "\",\"plannedAreas\":[\"LOWER_BACK\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String sessionId = JSON.readTree(started.body()).get("sessionId").asText();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Api therapist = i % 2 == 0 ? therapistA : therapistB;
                String body = "{\"area\":\"LOWER_BACK\",\"level\":" + (1 + i % 2) + ",\"reason\":\"CLIENT_REQUEST\"}";
                answers.add(CompletableFuture.supplyAsync(
                        () -> therapist.post("/api/sessions/" + sessionId + "/pressure", body), pool));
            }
            List<HttpResponse<String>> responses = answers.stream().map(CompletableFuture::join).toList();
            assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(200, 409));
            List<HttpResponse<String>> accepted = responses.stream().filter(r -> r.statusCode() == 200).toList();
            assertThat(accepted).isNotEmpty();

            List<Long> stored = positionsOf(sessionId, "PressureAdjusted");
            assertThat(stored).as("one stored adjustment per 200").hasSize(accepted.size());
            if (accepted.get(0).headers().firstValue("X-Event-Position").isPresent()) {
                assertThat(accepted.stream().map(r -> Long.parseLong(r.headers().firstValue("X-Event-Position").get())))
                        .as("each 200 names its own stored event").containsExactlyInAnyOrderElementsOf(stored);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Long> positionsOf(String aggregateId, String eventType) throws Exception {
        List<Long> positions = new ArrayList<>();
        try (Connection c = DB.connect(); PreparedStatement s = c.prepareStatement("SELECT global_index FROM "
                + "domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ? ORDER BY sequence_number")) {
            s.setString(1, aggregateId);
            s.setString(2, "%." + eventType);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    positions.add(rs.getLong(1));
                }
            }
        }
        return positions;
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
