package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.DirectoryUsers;
import com.precautionfirst.testsupport.EventBacklog;
import com.precautionfirst.testsupport.GcLog;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import com.precautionfirst.testsupport.SigningKeys;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query side with a 256 MB heap on PostgreSQL, its processors up to date and reading events as they arrive, meets
 * a large backlog committed at once, and must work it off without running out of memory. Axon's embedded event store
 * kept every event read during such a backlog reachable once its read-ahead cache held events (decision 0054), so
 * the backlog arrives only after events went through the running query side.
 * <p>
 * The backlog is copies of a real client's story as the command side wrote it (registration, condition, clearance,
 * therapist, a session with pressure, technique, response, end: 11 events), each copy a client of its own
 * ({@link EventBacklog}). By default 30,000 events, each with 6,000 characters of metadata no handler reads, which
 * weigh in memory about what 300,000 ordinary events do (decision 0054): what runs a heap out is the memory of the
 * events held, and the query side projects a tenth of the events in a tenth of the time. The backlog of the issue,
 * for a manual run: {@code -Dreplay.backlog=300000 -Dreplay.metadataPadding=0}.
 */
class ReplayingABacklogInBoundedMemoryIT {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    static final long BACKLOG = Long.getLong("replay.backlog", 30_000);
    static final int METADATA_PADDING = Integer.getInteger("replay.metadataPadding", 6_000);
    /** A safety net, not a measurement: the run prints how long the catch-up took. */
    static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(Long.getLong("replay.catchUpLimitMinutes", 15));
    /**
     * The heap of the test, full JIT as in production; exit at the first {@code OutOfMemoryError}, in whichever
     * thread, so that one a handler caught and logged nowhere still shows as a dead process.
     */
    static final List<String> QUERY_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
            GcLog.OPTION);
    static final String PASSWORD = "it-secret-" + UUID.randomUUID();
    static final String TEMPLATE = "tpl-";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path keys;
    private Path signingKey;
    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(ServiceProcess::close);
    }

    @Test
    void aQuerySideIn256MbWorksOffABacklogCommittedWhileItWasUpToDate() throws Exception {
        signingKey = SigningKeys.writeNewKey(keys.resolve("signing-key.pem"));
        ServiceProcess command = start(Service.COMMAND_SIDE, "replay-command", ServiceProcess.TEST_JVM);
        Api admin = new Api(command.baseUrl(), "admin", PASSWORD);
        DirectoryUsers.createDemoUsers(admin, PASSWORD);
        ServiceProcess query = start(Service.QUERY_SIDE, "replay-query", QUERY_JVM);
        Api queryAdmin = new Api(query.baseUrl(), "admin", PASSWORD);
        awaitCaughtUp(query, queryAdmin, Duration.ofMinutes(2));

        // events the up-to-date processors read as they arrive: with Axon's embedded store, through its cache
        writeTemplateClient(admin, new Api(command.baseUrl(), "therapist-a", PASSWORD));
        awaitCaughtUp(query, queryAdmin, Duration.ofMinutes(2));

        EventBacklog.Copies backlog;
        try (Connection connection = DB.connect()) {
            backlog = EventBacklog.copy(connection, TEMPLATE, "backlog", BACKLOG, METADATA_PADDING);
        }
        long started = System.nanoTime();
        double cpuBefore = metric(query, queryAdmin, "process.cpu.time");
        System.out.printf("[replay] a backlog of %d events committed%n", backlog.events());
        awaitCaughtUp(query, queryAdmin, CATCH_UP_LIMIT);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (metric(query, queryAdmin, "process.cpu.time") - cpuBefore) / 1e9;
        GcLog.Reachable reachable = GcLog.afterFullCollections(query.logText());
        System.out.printf("[replay] %d events worked off in %.0f s (%.0f events/s, %.2f ms of query-side CPU per"
                        + " event) at -Xmx256m; heap reachable after a full collection at most %d MB (%d full"
                        + " collections)%n", backlog.events(), seconds, backlog.events() / seconds,
                cpuSeconds * 1000 / backlog.events(), reachable.peakMegabytes(), reachable.fullCollections());

        String last = "backlog" + (backlog.copies() - 1) + "-";
        HttpResponse<String> history = queryAdmin.get("/api/clients/" + last + "client/history");
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.body()).as("the last copy's session, projected").contains(last + "session");
    }

    /** One client's story through the command side; every id starts with {@link #TEMPLATE}. */
    private static void writeTemplateClient(Api admin, Api therapist) {
        LocalDate today = LocalDate.now();
        created(admin.post("/api/clients", """
                {"clientId":"tpl-client","name":"Backlog Client","dateOfBirth":"1975-03-14"}"""));
        created(admin.post("/api/clients/tpl-client/conditions", """
                {"conditionId":"tpl-condition","icd10Code":"M54.16","description":"lumbar radiculopathy",
                 "region":"lower back"}"""));
        created(admin.post("/api/clients/tpl-client/clearances", """
                {"clearanceId":"tpl-clearance","conditionIds":["tpl-condition"],
                 "professional":{"name":"Dr. Lena Berg","profession":"PHYSIOTHERAPIST","licenseNumber":"PT-4711"},
                 "issuedOn":"%s","validUntil":"%s","damageLocation":"L5-S1 disc protrusion",
                 "restrictions":{"excludedAreas":["LOWER_LEG"],"maxPressure":{"LOWER_BACK":3},
                                 "prohibitedTechniques":["DEEP_VIBRATION"]}}""".formatted(today.minusDays(1),
                today.plusYears(1))));
        created(admin.post("/api/clients/tpl-client/therapists", "{\"therapistId\":\"therapist-a\"}"));
        created(therapist.post("/api/sessions", """
                {"clientId":"tpl-client","sessionId":"tpl-session","plannedAreas":["LOWER_BACK","UPPER_BACK"]}"""));
        created(therapist.post("/api/sessions/tpl-session/pressure",
                "{\"area\":\"LOWER_BACK\",\"level\":1,\"reason\":\"THERAPIST_JUDGEMENT\"}"));
        created(therapist.post("/api/sessions/tpl-session/pressure",
                "{\"area\":\"LOWER_BACK\",\"level\":2,\"reason\":\"CLIENT_REQUEST\"}"));
        created(therapist.post("/api/sessions/tpl-session/techniques",
                "{\"area\":\"LOWER_BACK\",\"technique\":\"LIGHT_STROKING\"}"));
        created(therapist.post("/api/sessions/tpl-session/responses",
                "{\"area\":\"LOWER_BACK\",\"sensitivity\":2,\"radiatingPain\":false}"));
        created(therapist.post("/api/sessions/tpl-session/end", "{\"outcome\":\"COMPLETED\"}"));
    }

    private static void created(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
    }

    /**
     * Until every processor has reached the newest event (the lag gauge, summed over the processors, is 0); fails
     * as soon as the query side ran out of memory or died.
     */
    private static void awaitCaughtUp(ServiceProcess query, Api admin, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (metric(query, admin, "treatment.projection.lag") != 0) {
            assertThat(System.nanoTime()).as("caught up within " + limit + "; behind: "
                    + admin.get("/actuator/metrics/treatment.projection.lag").body()).isLessThan(deadline);
            Thread.sleep(1000);
        }
    }

    /**
     * A meter's value, or -1 while it is not there yet (the lag gauge appears once the application is ready); fails
     * if the query side ran out of memory or died.
     */
    private static double metric(ServiceProcess query, Api admin, String nameAndTags) throws IOException {
        assertThat(query.logText()).as("the query side's log").doesNotContain("OutOfMemoryError");
        HttpResponse<String> answer;
        try {
            answer = admin.get("/actuator/metrics/" + nameAndTags);
        } catch (IllegalStateException e) {
            assertThat(query.isAlive()).as("the query side is alive:\n" + query.logTail()).isTrue();
            throw e;
        }
        if (answer.statusCode() != 200) {
            return -1;
        }
        return JSON.readTree(answer.body()).path("measurements").get(0).path("value").asDouble();
    }

    private ServiceProcess start(Service service, String name, List<String> jvm) {
        Map<String, String> environment = Map.of("TREATMENT_DB_URL", DB.url(), "TREATMENT_DB_USER", DB.user(),
                "TREATMENT_ADMIN_PASSWORD", PASSWORD,
                // the query side refuses to start on postgres without one; the command side ignores it
                "TREATMENT_SIGNING_KEY", signingKey.toString());
        ServiceProcess process = ServiceProcess.start(service, name, environment,
                List.of("--spring.profiles.active=postgres"), jvm);
        processes.add(process);
        return process.awaitHealthy();
    }
}
