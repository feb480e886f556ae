package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.ResponseEntity;

/**
 * A client that retries after a timeout may send its request again while the first copy is still running. Every
 * copy with the same user, key and body gets the first copy's answer (status, body, position); the command runs
 * once.
 */
class ConcurrentCopiesOfOneRequestTest extends HttpTestSupport {

    private static final int COPIES = 6;
    private static final ExecutorService pool = Executors.newFixedThreadPool(COPIES);

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    /** One request as a client sends it, and how many events it appends when it runs. */
    record Request(String user, String path, String body, int events) {
    }

    static Stream<Arguments> creations() {
        return Stream.of(
                Arguments.of("registration", (Function<HttpTestSupport, Request>) t -> new Request(ADMIN,
                        "/api/clients", """
                        {"clientId":"%s","name":"Maria Keller","dateOfBirth":"1978-04-12"}"""
                        .formatted(unique("client")), 1)),
                Arguments.of("condition", (Function<HttpTestSupport, Request>) t -> new Request(ADMIN,
                        "/api/clients/" + t.clientWithSciatica() + "/conditions", """
                        {"conditionId":"piriformis","icd10Code":"G57.01","description":"piriformis syndrome"}""", 1)),
                Arguments.of("clearance", (Function<HttpTestSupport, Request>) t -> new Request(ADMIN,
                        "/api/clients/" + t.clientWithSciatica() + "/clearances", t.clearanceBody("clearance-1"), 1)),
                // a start appends SessionStartApproved to the client's stream and SessionStarted to the session's
                Arguments.of("session start", (Function<HttpTestSupport, Request>) t -> new Request(THERAPIST_A,
                        "/api/sessions", """
                        {"clientId":"%s","sessionId":"%s","plannedAreas":["BUTTOCKS"]}"""
                        .formatted(t.clearedClient(), unique("session")), 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creations")
    void everyCopyGetsTheFirstAnswerAndTheCommandRunsOnce(String name, Function<HttpTestSupport, Request> prepare)
            throws Exception {
        Request request = prepare.apply(this);
        long before = eventCount();

        List<ResponseEntity<String>> answers = sendAtOnce(request, unique("key"));

        ResponseEntity<String> first = answers.get(0);
        assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(201);
        for (ResponseEntity<String> answer : answers) {
            assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(201);
            assertThat(answer.getBody()).isEqualTo(first.getBody());
            assertThat(answer.getHeaders().getFirst("X-Event-Position"))
                    .isEqualTo(first.getHeaders().getFirst("X-Event-Position"));
        }
        assertThat(eventCount()).isEqualTo(before + request.events());
    }

    private List<ResponseEntity<String>> sendAtOnce(Request request, String key) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<ResponseEntity<String>>> copies = new ArrayList<>();
        for (int i = 0; i < COPIES; i++) {
            copies.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return post(request.user(), request.path(), request.body(), key);
            }, pool));
        }
        go.countDown();
        List<ResponseEntity<String>> answers = new ArrayList<>();
        for (CompletableFuture<ResponseEntity<String>> copy : copies) {
            answers.add(copy.get());
        }
        return answers;
    }
}
