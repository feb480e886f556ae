package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.DirectoryUsers;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two command-side processes (the built jar, profile {@code postgres}) on one PostgreSQL database of the test's
 * own, and requests that reach both at the same moment: a session start against a revocation of the clearance it
 * relies on, two copies of one request under one Idempotency-Key, a revocation of a clearance id that another
 * client uses too, and commands addressed to an id of the other kind of stream. No query side: every check reads
 * the command side's answers and the event store itself.
 */
class RacesBetweenTwoCommandSidesIT {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    static final String PASSWORD = "it-secret-" + UUID.randomUUID();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PRESSURE = "{\"area\":\"LOWER_BACK\",\"level\":1,\"reason\":\"THERAPIST_JUDGEMENT\"}";
    static final String REVOKE = "{\"reason\":\"the physiotherapist withdrew the clearance after a new MRI\"}";
    static final String ASSIGN = "{\"therapistId\":\"therapist-a\"}";
    /** How often a 409 (lost a race five times inside the server) is sent again in the revocation race. */
    static final int ATTEMPTS_ON_409 = 3;

    record Instance(String name, ServiceProcess process, Api admin, Api therapist) {
    }

    static final List<ServiceProcess> processes = new ArrayList<>();
    static Instance a;
    static Instance b;
    static ExecutorService pool;

    @BeforeAll
    static void startTwoCommandSides() {
        // the first creates the schema (Flyway), the second then starts on it
        a = instance("A", start("races-command-a").awaitHealthy());
        // the postgres profile seeds only admin: the clinic adds its therapists over the API
        DirectoryUsers.createDemoUsers(a.admin(), PASSWORD);
        b = instance("B", start("races-command-b").awaitHealthy());
        pool = Executors.newFixedThreadPool(2);
        for (Instance instance : List.of(a, b)) {
            // a harmless request (bad input: 400) that shows both users can sign in on this instance
            for (Api user : List.of(instance.admin(), instance.therapist())) {
                HttpResponse<String> probe = user.post("/api/sessions", "{}");
                assertThat(probe.statusCode()).as("a user of the test signs in on %s: %s", instance.name(), probe.body())
                        .isNotIn(401, 403);
            }
        }
    }

    @AfterAll
    static void stopThem() {
        if (pool != null) {
            pool.shutdownNow();
        }
        processes.forEach(ServiceProcess::close);
    }

    static ServiceProcess start(String name) {
        ServiceProcess process = ServiceProcess.start(Service.COMMAND_SIDE, name, Map.of(
                        "TREATMENT_DB_URL", DB.url(), "TREATMENT_DB_USER", DB.user(),
                        "TREATMENT_ADMIN_PASSWORD", PASSWORD),
                List.of("--spring.profiles.active=postgres"));
        processes.add(process);
        return process;
    }

    static Instance instance(String name, ServiceProcess process) {
        return new Instance(name, process, new Api(process.baseUrl(), "admin", PASSWORD),
                new Api(process.baseUrl(), "therapist-a", PASSWORD));
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. "A session can start under a clearance that is being revoked, and stay open"
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aSessionNeverStaysOpenUnderAClearanceRevokedAtTheSameMoment() throws Exception {
        int rounds = 50;
        int startsAccepted = 0;
        int startsRefused = 0;
        int leftOpen = 0;
        int pressureAccepted = 0;
        AtomicInteger resentAfter409 = new AtomicInteger();
        List<String> problems = new ArrayList<>();

        for (int round = 0; round < rounds; round++) {
            Instance revoker = round % 2 == 0 ? a : b;
            Instance starter = round % 2 == 0 ? b : a;
            String where = "round " + round + " (revocation on " + revoker.name() + ", start on " + starter.name() + ")";
            String clientId = id("race");
            String sessionId = id("race-session");
            clearedClient(revoker.admin(), clientId, "clearance-1");
            // the starting instance loads the record once before the race: what it may keep of it must not hide
            // the revocation the other instance commits
            expect(starter.admin().post("/api/clients/" + clientId + "/insurance",
                    "{\"insurerId\":\"INS-X\",\"policyNumber\":\"POL-" + round + "\",\"consentToShare\":false}"), 200);

            List<HttpResponse<String>> answers = atTheSameMoment(
                    () -> postResending409(revoker.admin(), "/api/clients/" + clientId
                            + "/clearances/clearance-1/revocation", REVOKE, resentAfter409),
                    () -> postResending409(starter.therapist(), "/api/sessions", startBody(clientId, sessionId),
                            resentAfter409));
            HttpResponse<String> revocation = answers.get(0);
            HttpResponse<String> start = answers.get(1);

            if (revocation.statusCode() != 200) {
                problems.add(where + ": revocation answered " + describe(revocation));
            }
            List<String> sessionEvents = eventTypes(sessionId);
            if (start.statusCode() == 201) {
                startsAccepted++;
                if (!sessionEvents.contains("SessionStoppedEarly")) {
                    leftOpen++;
                    problems.add(where + ": session " + sessionId + " started (201) and was not stopped; its stream: "
                            + sessionEvents);
                }
                HttpResponse<String> pressure = starter.therapist().post("/api/sessions/" + sessionId + "/pressure",
                        PRESSURE);
                if (pressure.statusCode() == 200) {
                    pressureAccepted++;
                    problems.add(where + ": pressure change on session " + sessionId + " accepted after the"
                            + " revocation");
                } else if (pressure.statusCode() != 422 || !rules(pressure).equals(List.of("SESSION_CLOSED"))) {
                    problems.add(where + ": pressure change answered " + describe(pressure)
                            + ", expected 422 SESSION_CLOSED");
                }
            } else if (start.statusCode() == 422 && rules(start).contains("CLEARANCE_REVOKED")) {
                startsRefused++;
                if (!sessionEvents.isEmpty()) {
                    problems.add(where + ": start refused, yet session stream " + sessionId + " holds " + sessionEvents);
                }
            } else {
                problems.add(where + ": start answered " + describe(start)
                        + ", expected 201 or 422 CLEARANCE_REVOKED");
            }
        }

        String summary = String.format("revocation race: %d rounds, starts accepted %d, starts refused %d, sessions"
                        + " left open under a revoked clearance %d, pressure changes accepted on one %d,"
                        + " requests re-sent after a 409 %d", rounds, startsAccepted, startsRefused, leftOpen,
                pressureAccepted, resentAfter409.get());
        System.out.println(summary);
        problems.forEach(p -> System.out.println("  " + p));
        assertThat(leftOpen).as(summary).isZero();
        assertThat(pressureAccepted).as(summary).isZero();
        assertThat(problems).as(summary).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. "Two copies of one request with one Idempotency-Key, sent at the same moment, get an error"
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void twoCopiesOfOneRequestWithOneKeyGetTheSameAnswer() throws Exception {
        int crossRounds = 15;
        int sameInstanceRounds = 6;
        Map<String, int[]> alike = new LinkedHashMap<>(); // step -> {pairs sent, pairs answered alike}
        List<String> problems = new ArrayList<>();

        for (int round = 0; round < crossRounds + sameInstanceRounds; round++) {
            Instance first = round % 2 == 0 ? a : b;
            Instance second = round >= crossRounds ? first : first == a ? b : a;
            // half the rounds name every id, the other half let the service generate them
            boolean callerIds = round % 4 < 2;
            String tag = "copies-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
            String where = "round " + round + " (" + first.name() + "+" + second.name() + ", "
                    + (callerIds ? "caller-chosen ids" : "generated ids") + ")";

            Optional<JsonNode> registered = sameRequestTwice(where, "register", alike, problems,
                    first.admin(), second.admin(), "/api/clients", registrationBody(callerIds ? tag : null),
                    tag + "-register");
            if (registered.isEmpty()) {
                continue;
            }
            String clientId = registered.get().path("clientId").asText();
            Optional<JsonNode> declared = sameRequestTwice(where, "declare condition", alike, problems,
                    first.admin(), second.admin(), "/api/clients/" + clientId + "/conditions",
                    conditionBody(callerIds ? "sciatica" : null), tag + "-condition");
            if (declared.isEmpty()) {
                continue;
            }
            String conditionId = declared.get().path("conditionId").asText();
            Optional<JsonNode> cleared = sameRequestTwice(where, "record clearance", alike, problems,
                    first.admin(), second.admin(), "/api/clients/" + clientId + "/clearances",
                    clearanceBody(callerIds ? "clearance-1" : null, conditionId), tag + "-clearance");
            if (cleared.isEmpty()) {
                continue;
            }
            expect(first.admin().post("/api/clients/" + clientId + "/therapists", ASSIGN), 200);
            sameRequestTwice(where, "start session", alike, problems, first.therapist(), second.therapist(),
                    "/api/sessions", startBody(clientId, callerIds ? tag + "-s" : null), tag + "-start");
        }

        String summary = "same request, same key, same moment: " + alike.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[1] + "/" + e.getValue()[0] + " pairs answered alike")
                .collect(Collectors.joining(", "));
        System.out.println(summary);
        problems.forEach(p -> System.out.println("  " + p));

        // the key once more with another body: refused, nothing stored; with the first body: the first answer
        String clientId = id("reused");
        String key = clientId + "-register";
        HttpResponse<String> original = a.admin().post("/api/clients", registrationBody(clientId),
                "Idempotency-Key", key);
        expect(original, 201);
        long before = lastGlobalIndex();
        HttpResponse<String> otherBody = b.admin().post("/api/clients",
                registrationBody(clientId).replace("Race Client", "Another Name"), "Idempotency-Key", key);
        HttpResponse<String> sameBody = b.admin().post("/api/clients", registrationBody(clientId),
                "Idempotency-Key", key);
        List<StoredEvent> storedByReuse = eventsAfter(before);
        assertSoftly(soft -> {
            soft.assertThat(problems).as(summary).isEmpty();
            soft.assertThat(otherBody.statusCode()).as(describe(otherBody)).isEqualTo(422);
            soft.assertThat(problemType(otherBody)).as(describe(otherBody)).endsWith("idempotency-key-reused");
            soft.assertThat(sameBody.statusCode()).as(describe(sameBody)).isEqualTo(201);
            soft.assertThat(sameBody.body()).isEqualTo(original.body());
            soft.assertThat(sameBody.headers().firstValue("X-Event-Position"))
                    .isEqualTo(original.headers().firstValue("X-Event-Position"));
            soft.assertThat(storedByReuse).as("events stored by the reuse and the replay").isEmpty();
        });
    }

    /**
     * Sends one request with one key to two instances (or one twice) at the same moment; both answers must be the
     * success with the same body and the same X-Event-Position, naming the last event of what the pair stored,
     * which must be what one such request stores: no event twice.
     */
    private Optional<JsonNode> sameRequestTwice(String where, String step, Map<String, int[]> alike,
                                                List<String> problems, Api first, Api second, String path,
                                                String body, String key) throws Exception {
        long before = lastGlobalIndex();
        List<HttpResponse<String>> answers = atTheSameMoment(
                () -> first.post(path, body, "Idempotency-Key", key),
                () -> second.post(path, body, "Idempotency-Key", key));
        List<StoredEvent> stored = eventsAfter(before);
        HttpResponse<String> one = answers.get(0);
        HttpResponse<String> other = answers.get(1);
        Optional<String> onePosition = one.headers().firstValue("X-Event-Position");
        Optional<String> otherPosition = other.headers().firstValue("X-Event-Position");

        List<String> wrong = new ArrayList<>();
        if (one.statusCode() != 201 || other.statusCode() != 201) {
            wrong.add("answered " + one.statusCode() + " and " + other.statusCode());
        } else if (!JSON.readTree(one.body()).equals(JSON.readTree(other.body()))) {
            wrong.add("bodies differ");
        }
        if (onePosition.isEmpty() || !onePosition.equals(otherPosition)) {
            wrong.add("X-Event-Position " + onePosition.orElse("none") + " and " + otherPosition.orElse("none"));
        }
        // what one request of this kind stores (a start: SessionStartApproved on the client's stream and
        // SessionStarted on the session's), never an event twice; the header names the last of them
        Map<String, Long> storedTypes = stored.stream()
                .collect(Collectors.groupingBy(StoredEvent::type, Collectors.counting()));
        if (stored.isEmpty() || storedTypes.values().stream().anyMatch(n -> n > 1)) {
            wrong.add(stored.size() + " events stored: " + stored);
        } else if (onePosition.isPresent()
                && !onePosition.get().equals(String.valueOf(stored.get(stored.size() - 1).globalIndex()))) {
            wrong.add("X-Event-Position " + onePosition.get() + " is not the last stored event: " + stored);
        }
        int[] tally = alike.computeIfAbsent(step, s -> new int[2]);
        tally[0]++;
        if (wrong.isEmpty()) {
            tally[1]++;
        } else {
            problems.add(where + " " + step + ": " + String.join("; ", wrong) + " | first " + describe(one)
                    + " | second " + describe(other));
        }
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() == 201) {
                return Optional.of(JSON.readTree(answer.body()));
            }
        }
        problems.add(where + ": round abandoned after " + step);
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. "Revoking one client's clearance stops another client's session"
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void revokingOneClientsClearanceLeavesAnotherClientsSessionAlone() throws Exception {
        String x = id("x");
        String y = id("y");
        clearedClient(a.admin(), x, "clearance-1");
        clearedClient(b.admin(), y, "clearance-1");
        String sessionOfX = id("x-session");
        String sessionOfY = id("y-session");
        expect(a.therapist().post("/api/sessions", startBody(x, sessionOfX)), 201);
        expect(b.therapist().post("/api/sessions", startBody(y, sessionOfY)), 201);

        expect(a.admin().post("/api/clients/" + x + "/clearances/clearance-1/revocation", REVOKE), 200);

        HttpResponse<String> pressureOnY = b.therapist().post("/api/sessions/" + sessionOfY + "/pressure", PRESSURE);
        HttpResponse<String> pressureOnX = b.therapist().post("/api/sessions/" + sessionOfX + "/pressure", PRESSURE);
        HttpResponse<String> anotherSessionOfY = a.therapist().post("/api/sessions", startBody(y, id("y-session")));
        List<String> eventsOfY = eventTypes(sessionOfY);
        List<String> eventsOfX = eventTypes(sessionOfX);
        assertSoftly(soft -> {
            soft.assertThat(pressureOnY.statusCode()).as("pressure on Y's session: " + describe(pressureOnY))
                    .isEqualTo(200);
            soft.assertThat(eventsOfY).as("Y's session stream").doesNotContain("SessionStoppedEarly");
            soft.assertThat(anotherSessionOfY.statusCode()).as("Y's clearance-1 still covers a new session: "
                    + describe(anotherSessionOfY)).isEqualTo(201);
            soft.assertThat(pressureOnX.statusCode()).as("pressure on X's session: " + describe(pressureOnX))
                    .isEqualTo(422);
            soft.assertThat(rules(pressureOnX)).as(describe(pressureOnX)).containsExactly("SESSION_CLOSED");
            soft.assertThat(eventsOfX).as("X's session stream").contains("SessionStoppedEarly");
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. "A session command on a client id, or a client command on a session id, answers 500"
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aCommandOnAnIdOfTheOtherKindAnswers404And409() throws Exception {
        String clientId = id("kind-client");
        String sessionId = id("kind-session");
        clearedClient(a.admin(), clientId, "clearance-1");
        expect(a.therapist().post("/api/sessions", startBody(clientId, sessionId)), 201);
        long before = lastGlobalIndex();

        HttpResponse<String> pressureOnClient = a.therapist().post("/api/sessions/" + clientId + "/pressure", PRESSURE);
        HttpResponse<String> conditionOnSession = b.admin().post("/api/clients/" + sessionId + "/conditions",
                conditionBody(null));
        HttpResponse<String> clientNamedLikeSession = a.admin().post("/api/clients", registrationBody(sessionId));
        HttpResponse<String> sessionNamedLikeClient = b.therapist().post("/api/sessions",
                startBody(clientId, clientId));
        List<StoredEvent> stored = eventsAfter(before);

        assertSoftly(soft -> {
            soft.assertThat(pressureOnClient.statusCode()).as(describe(pressureOnClient)).isEqualTo(404);
            soft.assertThat(contentType(pressureOnClient)).as(describe(pressureOnClient))
                    .startsWith("application/problem+json");
            soft.assertThat(conditionOnSession.statusCode()).as(describe(conditionOnSession)).isEqualTo(404);
            soft.assertThat(contentType(conditionOnSession)).as(describe(conditionOnSession))
                    .startsWith("application/problem+json");
            soft.assertThat(clientNamedLikeSession.statusCode()).as(describe(clientNamedLikeSession)).isEqualTo(409);
            soft.assertThat(contentType(clientNamedLikeSession)).as(describe(clientNamedLikeSession))
                    .startsWith("application/problem+json");
            soft.assertThat(detail(clientNamedLikeSession)).as(describe(clientNamedLikeSession)).contains(sessionId);
            soft.assertThat(sessionNamedLikeClient.statusCode()).as(describe(sessionNamedLikeClient)).isEqualTo(409);
            soft.assertThat(contentType(sessionNamedLikeClient)).as(describe(sessionNamedLikeClient))
                    .startsWith("application/problem+json");
            soft.assertThat(detail(sessionNamedLikeClient)).as(describe(sessionNamedLikeClient)).contains(clientId);
            soft.assertThat(stored).as("events stored by the four refused commands").isEmpty();
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------------------

    /** Registers a client with a sciatica (M54.16, always needs clearance), clears it, assigns therapist-a. */
    static void clearedClient(Api admin, String clientId, String clearanceId) {
        expect(admin.post("/api/clients", registrationBody(clientId)), 201);
        expect(admin.post("/api/clients/" + clientId + "/conditions", conditionBody("sciatica")), 201);
        expect(admin.post("/api/clients/" + clientId + "/clearances", clearanceBody(clearanceId, "sciatica")), 201);
        expect(admin.post("/api/clients/" + clientId + "/therapists", ASSIGN), 200);
    }

    static String registrationBody(String clientId) {
        ObjectNode body = JSON.createObjectNode().put("name", "Race Client").put("dateOfBirth", "1978-04-12");
        return withId(body, "clientId", clientId);
    }

    static String conditionBody(String conditionId) {
        ObjectNode body = JSON.createObjectNode().put("icd10Code", "M54.16")
                .put("description", "lumbar radiculopathy, pain down the left leg").put("region", "lower back");
        return withId(body, "conditionId", conditionId);
    }

    static String clearanceBody(String clearanceId, String conditionId) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ObjectNode body = JSON.createObjectNode();
        body.putArray("conditionIds").add(conditionId);
        body.putObject("professional").put("name", "Dr. Lena Berg").put("profession", "PHYSIOTHERAPIST")
                .put("licenseNumber", "PT-4711");
        body.put("issuedOn", today.minusDays(1).toString()).put("validUntil", today.plusMonths(6).toString())
                .put("damageLocation", "L5-S1 disc protrusion, left S1 root");
        body.putObject("restrictions").putObject("maxPressure").put("LOWER_BACK", 3);
        return withId(body, "clearanceId", clearanceId);
    }

    static String startBody(String clientId, String sessionId) {
        ObjectNode body = JSON.createObjectNode().put("clientId", clientId);
        body.putArray("plannedAreas").add("LOWER_BACK");
        return withId(body, "sessionId", sessionId);
    }

    static String withId(ObjectNode body, String field, String id) {
        if (id != null) {
            body.put(field, id);
        }
        return body.toString();
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
        return response;
    }

    /** A 409 means the server lost its race five times and stored nothing; this sends the request again. */
    static HttpResponse<String> postResending409(Api api, String path, String body, AtomicInteger resent) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = api.post(path, body);
            if (response.statusCode() != 409 || attempt == ATTEMPTS_ON_409) {
                return response;
            }
            resent.incrementAndGet();
            System.out.println("re-sending after 409: " + describe(response));
        }
    }

    /** Runs both calls on two threads released by one barrier; answers in the order given. */
    static <T> List<T> atTheSameMoment(Callable<T> first, Callable<T> second) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        Future<T> one = pool.submit(() -> {
            barrier.await(10, TimeUnit.SECONDS);
            return first.call();
        });
        Future<T> other = pool.submit(() -> {
            barrier.await(10, TimeUnit.SECONDS);
            return second.call();
        });
        return List.of(one.get(60, TimeUnit.SECONDS), other.get(60, TimeUnit.SECONDS));
    }

    static List<String> rules(HttpResponse<String> response) {
        List<String> rules = new ArrayList<>();
        tree(response).path("errors").forEach(e -> rules.add(e.path("rule").asText()));
        return rules;
    }

    static String problemType(HttpResponse<String> response) {
        return tree(response).path("type").asText();
    }

    static String detail(HttpResponse<String> response) {
        return tree(response).path("detail").asText();
    }

    static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    static JsonNode tree(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    static String describe(HttpResponse<String> response) {
        return response.request().method() + " " + response.uri().getPath() + " -> " + response.statusCode() + " "
                + response.headers().firstValue("X-Event-Position").map(p -> "[X-Event-Position " + p + "] ")
                .orElse("") + response.body();
    }

    /** The simple names of the events of one stream, in stream order. */
    static List<String> eventTypes(String aggregateId) throws Exception {
        List<String> types = new ArrayList<>();
        try (Connection c = DB.connect(); PreparedStatement s = c.prepareStatement("SELECT payload_type FROM"
                + " domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            s.setString(1, aggregateId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    types.add(type.substring(type.lastIndexOf('.') + 1));
                }
            }
        }
        return types;
    }

    static long lastGlobalIndex() throws Exception {
        try (Connection c = DB.connect(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record StoredEvent(long globalIndex, String stream, String type) {
        @Override
        public String toString() {
            return globalIndex + " " + type + " on " + stream;
        }
    }

    /** Every event stored after the given global index, in commit order. */
    static List<StoredEvent> eventsAfter(long globalIndex) throws Exception {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection c = DB.connect(); PreparedStatement s = c.prepareStatement("SELECT global_index,"
                + " aggregate_identifier, payload_type FROM domain_event_entry WHERE global_index > ?"
                + " ORDER BY global_index")) {
            s.setLong(1, globalIndex);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(3);
                    events.add(new StoredEvent(rs.getLong(1), rs.getString(2), type.substring(type.lastIndexOf('.') + 1)));
                }
            }
        }
        return events;
    }
}
