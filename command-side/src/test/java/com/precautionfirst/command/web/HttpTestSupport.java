package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.command.pipeline.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The command side over HTTP on a random port, on an H2 database in a temporary directory. Every test works on
 * its own client and session ids, so the test classes share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class HttpTestSupport {

    static final String ADMIN = "admin";
    static final String THERAPIST_A = "therapist-a";
    static final String THERAPIST_B = "therapist-b";
    static final String PASSWORD = "demo";
    private static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("command-side-http-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("treatment.data-dir", DATA_DIR::toString);
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    final ObjectMapper json = new ObjectMapper();

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    ResponseEntity<String> post(String user, String path, String body) {
        return post(user, path, body, null);
    }

    ResponseEntity<String> post(String user, String path, String body, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set(CommandRunner.IDEMPOTENCY_HEADER, idempotencyKey);
        }
        TestRestTemplate client = user == null ? rest : rest.withBasicAuth(user, PASSWORD);
        return client.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    ResponseEntity<String> get(String user, String path) {
        TestRestTemplate client = user == null ? rest : rest.withBasicAuth(user, PASSWORD);
        return client.getForEntity(path, String.class);
    }

    JsonNode body(ResponseEntity<String> response) {
        try {
            return json.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long eventCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
    }

    /** The simple type names of a stream's events, in order. */
    List<String> eventTypes(String streamId) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number", String.class, streamId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    String lastPayload(String streamId) {
        return jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number DESC LIMIT 1",
                (rs, row) -> new String(rs.getBytes(1), StandardCharsets.UTF_8), streamId);
    }

    String lastMetadata(String streamId) {
        return jdbc.queryForObject("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number DESC LIMIT 1",
                (rs, row) -> new String(rs.getBytes(1), StandardCharsets.UTF_8), streamId);
    }

    long lastPosition(String streamId) {
        return jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, streamId);
    }

    /** A registered client assigned to therapist-a, with sciatica (M54.16) declared; returns the client id. */
    String clientWithSciatica() {
        String clientId = unique("client");
        assertThat(post(ADMIN, "/api/clients", """
                {"clientId":"%s","name":"Maria Keller","dateOfBirth":"1978-04-12"}""".formatted(clientId))
                .getStatusCode().value()).isEqualTo(201);
        assertThat(post(ADMIN, "/api/clients/" + clientId + "/therapists", """
                {"therapistId":"therapist-a"}""").getStatusCode().value()).isEqualTo(200);
        assertThat(post(ADMIN, "/api/clients/" + clientId + "/conditions", """
                {"conditionId":"sciatica","icd10Code":"M54.16","description":"lumbar radiculopathy"}""")
                .getStatusCode().value()).isEqualTo(201);
        return clientId;
    }

    /** A clearance of sciatica issued a month ago and valid for two more years (at most five are accepted). */
    String clearanceBody(String clearanceId) {
        LocalDate issuedOn = LocalDate.now(ZoneOffset.UTC).minusMonths(1);
        return """
                {"clearanceId":"%s","conditionIds":["sciatica"],
                 "professional":{"name":"Dr. Lena Berg","profession":"PHYSIOTHERAPIST","licenseNumber":"PT-4711"},
                 "issuedOn":"%s","validUntil":"%s",
                 "damageLocation":"L5-S1 disc protrusion, left S1 root",
                 "restrictions":{"excludedAreas":["LOWER_LEG"],"maxPressure":{"LOWER_BACK":2,"PIRIFORMIS":3},
                                 "prohibitedTechniques":["DEEP_VIBRATION"]}}"""
                .formatted(clearanceId, issuedOn, issuedOn.plusYears(2));
    }

    /** {@link #clientWithSciatica} plus clearance "clearance-1" with the walk-through's restrictions. */
    String clearedClient() {
        String clientId = clientWithSciatica();
        assertThat(post(ADMIN, "/api/clients/" + clientId + "/clearances", clearanceBody("clearance-1"))
                .getStatusCode().value()).isEqualTo(201);
        return clientId;
    }

    /** An open session of therapist-a for a cleared client; returns the session id. */
    String openSession(String clientId) {
        String sessionId = unique("session");
        ResponseEntity<String> started = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","sessionId":"%s","plannedAreas":["LOWER_BACK","BUTTOCKS","PIRIFORMIS","SACRUM_EDGE"]}"""
                .formatted(clientId, sessionId));
        assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(201);
        return sessionId;
    }

    /** Bad input: 400 problem+json whose errors name {@code field} and nothing else, and nothing appended. */
    void assertRefused(String user, String path, String body, String field) {
        long before = eventCount();
        ResponseEntity<String> response = post(user, path, body);
        assertProblem(response, 400, "validation-error");
        assertThat(body(response).get("errors").findValuesAsText("field")).as(response.getBody())
                .containsExactly(field);
        assertThat(eventCount()).isEqualTo(before);
    }

    static void assertProblem(ResponseEntity<String> response, int status, String typeSuffix) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as(String.valueOf(response.getHeaders().getContentType())).isTrue();
        assertThat(response.getBody()).contains("/" + typeSuffix + "\"");
    }
}
