package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/**
 * Issue 10, point 3: a therapist started a session with 1,000,000 planned areas (a 14 MB body) and got 201 and a
 * 13 MB event. Every body above 64 KiB is now 413 before it is parsed, whether its length is announced or chunked.
 */
class OversizedBodiesAreRefusedTest extends HttpTestSupport {

    private static final int LIMIT = 64 * 1024;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @LocalServerPort
    int port;

    @Test
    void aFourteenMegabyteSessionStartIs413AndAppendsNothing() {
        String clientId = clearedClient();
        String areas = String.join(", ", Collections.nCopies(1_000_000, "\"LOWER_BACK\""));
        String body = "{\"clientId\":\"" + clientId + "\",\"plannedAreas\":[" + areas + "]}";
        assertThat(body.length()).isGreaterThan(14_000_000);
        long before = eventCount();

        ResponseEntity<String> response = post(THERAPIST_A, "/api/sessions", body);

        assertProblem(response, 413, "payload-too-large");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndAppendsNothing() throws Exception {
        String padding = " ".repeat(LIMIT);
        byte[] body = ("{\"name\":\"Chunked Client\"," + padding + "\"dateOfBirth\":\"1978-04-12\"}")
                .getBytes(StandardCharsets.UTF_8);
        long before = eventCount();

        HttpResponse<String> response = postChunked(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("/payload-too-large\"");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aBodyJustUnderTheLimitIsReadAsUsual() throws Exception {
        String start = "{\"name\":\"Padded Client\",";
        String end = "\"dateOfBirth\":\"1978-04-12\"}";
        String body = start + " ".repeat(LIMIT - start.length() - end.length()) + end;
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);

        assertThat(post(ADMIN, "/api/clients", body).getStatusCode().value()).isEqualTo(201);
        assertThat(postChunked(body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
    }

    /** A POST whose length is not announced: the JDK client sends an input stream of unknown length chunked. */
    private HttpResponse<String> postChunked(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/clients"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
