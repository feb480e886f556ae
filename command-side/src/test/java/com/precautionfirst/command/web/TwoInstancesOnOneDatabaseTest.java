package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.command.CommandSideApplication;
import com.precautionfirst.command.pipeline.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A second command-side instance on the same database: its aggregate locks are its own, so commands on one
 * session race at the database. The losing request must be run again on the reloaded stream (or answered 409),
 * never lose an event and never answer 500; one Idempotency-Key sent to both must act once.
 */
class TwoInstancesOnOneDatabaseTest extends HttpTestSupport {

    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @Value("${treatment.data-dir}")
    String dataDir;

    @BeforeEach
    void startSecondInstance() {
        if (second == null) {
            second = new SpringApplicationBuilder(CommandSideApplication.class)
                    .run("--server.port=0", "--treatment.data-dir=" + dataDir, "--spring.main.banner-mode=off");
            secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
        }
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    private int postTo(boolean toSecond, String path, String body, String key) {
        return postAs(THERAPIST_A, toSecond, path, body, key).getStatusCode().value();
    }

    private ResponseEntity<String> postAs(String user, boolean toSecond, String path, String body, String key) {
        if (!toSecond) {
            return post(user, path, body, key);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            headers.set(CommandRunner.IDEMPOTENCY_HEADER, key);
        }
        return new TestRestTemplate().withBasicAuth(user, PASSWORD).exchange(
                "http://localhost:" + secondPort + path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    @Test
    void parallelCommandsOnOneSessionThroughBothInstancesLoseNothing() throws Exception {
        String sessionId = openSession(clearedClient());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                boolean toSecond = i % 2 == 1;
                answers.add(pool.submit(() -> postTo(toSecond, "/api/sessions/" + sessionId + "/pressure", """
                        {"area":"BUTTOCKS","level":2,"reason":"THERAPIST_JUDGEMENT"}""", null)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).allMatch(status -> status == 200 || status == 409);
            long accepted = statuses.stream().filter(status -> status == 200).count();
            assertThat(eventTypes(sessionId).stream().filter("PressureAdjusted"::equals).count()).isEqualTo(accepted);
            assertThat(accepted).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneKeySentToBothInstancesAtOnceActsOnce() throws Exception {
        String sessionId = openSession(clearedClient());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        String key = unique("key");
        try {
            for (int i = 0; i < 8; i++) {
                boolean toSecond = i % 2 == 1;
                answers.add(pool.submit(() -> postTo(toSecond, "/api/sessions/" + sessionId + "/responses", """
                        {"area":"PIRIFORMIS","sensitivity":6,"radiatingPain":true}""", key)));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
            assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "ClientResponseRecorded");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Each instance keeps the records it used in memory (decision 0051). The second instance's copy of the record
     * is stale once the first assigns another therapist: a refusal on that copy would append nothing, so no
     * constraint would catch it, and therapist-b would be refused a session the record allows.
     */
    @Test
    void aRecordCachedOnOneInstanceNeverRefusesWhatTheOtherAllowed() {
        String clientId = clearedClient();
        assertThat(postAs(ADMIN, true, "/api/clients/" + clientId + "/insurance", """
                {"insurerId":"INS-X","policyNumber":"POL-1","consentToShare":true}""", null)
                .getStatusCode().value()).as("the second instance now holds the record").isEqualTo(200);
        assertThat(postAs(ADMIN, false, "/api/clients/" + clientId + "/therapists", """
                {"therapistId":"therapist-b"}""", null).getStatusCode().value()).isEqualTo(200);

        ResponseEntity<String> start = postAs(THERAPIST_B, true, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["BUTTOCKS"]}""".formatted(clientId), null);

        assertThat(start.getStatusCode().value()).as(start.getBody()).isEqualTo(201);
    }

    /**
     * A condition declared on the first instance after the second cached the record: the second decides on the
     * record with the condition, so the start is refused for lack of its clearance, and only the refusal is stored.
     */
    @Test
    void aRecordCachedOnOneInstanceDecidesOnWhatTheOtherAppended() {
        String clientId = clearedClient();
        assertThat(postAs(THERAPIST_A, true, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["BUTTOCKS"]}""".formatted(clientId), null)
                .getStatusCode().value()).as("the second instance now holds the record").isEqualTo(201);
        assertThat(postAs(ADMIN, false, "/api/clients/" + clientId + "/conditions", """
                {"conditionId":"piriformis","icd10Code":"G57.01","description":"piriformis syndrome"}""", null)
                .getStatusCode().value()).isEqualTo(201);
        int before = eventTypes(clientId).size();

        ResponseEntity<String> start = postAs(THERAPIST_A, true, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["BUTTOCKS"]}""".formatted(clientId), null);

        assertProblem(start, 422, "precaution-blocked");
        assertThat(start.getBody()).contains("CLEARANCE_MISSING");
        assertThat(eventTypes(clientId).subList(before, eventTypes(clientId).size()))
                .containsExactly("PrecautionBlocked");
    }

    /**
     * The revocation and the start each run on their own instance, so no JVM lock orders them; only the store
     * can. Whichever commits second must see the first: a start that wins is stopped by the revocation, a start
     * that loses is refused.
     */
    @Test
    void aSessionNeverStaysOpenUnderAClearanceRevokedAtTheSameMoment() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int rounds = 50;
        int started = 0;
        int refused = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                String clientId = clearedClient();
                String sessionId = unique("session");
                boolean revokeOnSecond = round % 2 == 0;
                CyclicBarrier together = new CyclicBarrier(2);
                Future<ResponseEntity<String>> revocation = pool.submit(() -> {
                    together.await();
                    return postAs(ADMIN, revokeOnSecond, "/api/clients/" + clientId
                            + "/clearances/clearance-1/revocation", """
                            {"reason":"new MRI findings"}""", null);
                });
                Future<ResponseEntity<String>> start = pool.submit(() -> {
                    together.await();
                    return postAs(THERAPIST_A, !revokeOnSecond, "/api/sessions", """
                            {"clientId":"%s","sessionId":"%s","plannedAreas":["BUTTOCKS"]}"""
                            .formatted(clientId, sessionId), null);
                });
                assertThat(revocation.get().getStatusCode().value()).as(revocation.get().getBody()).isEqualTo(200);
                int startStatus = start.get().getStatusCode().value();
                assertThat(startStatus).as(start.get().getBody()).isIn(201, 422);
                if (startStatus == 201) {
                    started++;
                    assertThat(eventTypes(sessionId)).as("round " + round)
                            .containsExactly("SessionStarted", "SessionStoppedEarly");
                    ResponseEntity<String> pressure = post(THERAPIST_A, "/api/sessions/" + sessionId + "/pressure", """
                            {"area":"BUTTOCKS","level":1,"reason":"THERAPIST_JUDGEMENT"}""");
                    assertProblem(pressure, 422, "precaution-blocked");
                    assertThat(pressure.getBody()).contains("SESSION_CLOSED");
                } else {
                    refused++;
                    assertThat(start.get().getBody()).contains("CLEARANCE_REVOKED");
                    assertThat(eventTypes(sessionId)).isEmpty();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("start/revoke race: %d rounds, %d starts accepted then stopped, %d refused%n",
                rounds, started, refused);
    }
}
