package com.precautionfirst.command.web;

import com.precautionfirst.command.pipeline.CommandRunner;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.command.CommandSideApplication;
import java.util.ArrayList;
import java.util.List;
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
        if (!toSecond) {
            return post(THERAPIST_A, path, body, key).getStatusCode().value();
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            headers.set(CommandRunner.IDEMPOTENCY_HEADER, key);
        }
        return new TestRestTemplate().withBasicAuth(THERAPIST_A, PASSWORD).exchange(
                "http://localhost:" + secondPort + path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class)
                .getStatusCode().value();
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
}
