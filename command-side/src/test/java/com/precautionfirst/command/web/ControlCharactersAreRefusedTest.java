package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/**
 * Issue 10, point 7: names containing NUL, ANSI escapes, U+202E and CR/LF were stored as given, and a name of
 * zero-width spaces passed {@code @NotBlank}. Every text field of every command now refuses control characters
 * (free text keeps newline and tab), bidi overrides and isolates, line breaks in single-line fields, text that
 * only looks blank, and text over its maximum length: 400 naming the field, nothing appended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlCharactersAreRefusedTest extends HttpTestSupport {

    /** One text field: where it is sent, the body with {@code %s} for its JSON value, and its maximum length. */
    record TextField(String field, String path, String bodyTemplate, int max, boolean freeText) {
        @Override
        public String toString() {
            return field + " of " + path.replaceAll("/api/(clients|sessions|users)/[^/]+", "/api/$1/{id}");
        }
    }

    /** Writes every non-ASCII character as a JSON escape, so that a lone surrogate reaches the service as one. */
    private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @LocalServerPort
    int port;
    private String clientId;
    private String sessionId;
    private String userId;

    @BeforeAll
    void aClearedClientWithAnOpenSessionAndAUser() {
        clientId = clearedClient();
        sessionId = openSession(clientId);
        userId = unique("user");
        assertThat(post(ADMIN, "/api/users", """
                {"userId":"%s","role":"THERAPIST","password":"a-long-enough-secret"}""".formatted(userId))
                .getStatusCode().value()).isEqualTo(201);
    }

    private List<TextField> textFields() {
        String client = "/api/clients/" + clientId;
        String session = "/api/sessions/" + sessionId;
        String clearance = clearanceBody("c-text");
        return List.of(
                single("name", "/api/clients", "{\"name\":%s,\"dateOfBirth\":\"1978-04-12\"}", 200),
                single("region", client + "/conditions",
                        "{\"icd10Code\":\"M54.5\",\"description\":\"low back pain\",\"region\":%s}", 200),
                single("professional.name", client + "/clearances",
                        clearance.replace("\"Dr. Lena Berg\"", "%s"), 200),
                single("professional.licenseNumber", client + "/clearances",
                        clearance.replace("\"PT-4711\"", "%s"), 100),
                single("insurerId", client + "/insurance",
                        "{\"insurerId\":%s,\"policyNumber\":\"POL-1\",\"consentToShare\":true}", 64),
                single("policyNumber", client + "/insurance",
                        "{\"insurerId\":\"INS-X\",\"policyNumber\":%s,\"consentToShare\":true}", 100),
                free("description", client + "/conditions", "{\"icd10Code\":\"M54.5\",\"description\":%s}", 500),
                free("note", client + "/conditions/sciatica/resolution", "{\"note\":%s}", 2000),
                free("damageLocation", client + "/clearances",
                        clearance.replace("\"L5-S1 disc protrusion, left S1 root\"", "%s"), 500),
                free("reason", client + "/clearances/clearance-1/revocation", "{\"reason\":%s}", 2000),
                free("note", session + "/responses",
                        "{\"area\":\"LOWER_BACK\",\"sensitivity\":3,\"radiatingPain\":false,\"note\":%s}", 2000),
                free("notes", session + "/end", "{\"outcome\":\"COMPLETED\",\"notes\":%s}", 4000),
                free("reason", session + "/early-stop", "{\"reason\":%s}", 2000),
                free("correction", session + "/amendments",
                        "{\"entrySequence\":0,\"correction\":%s,\"reason\":\"typing error\"}", 4000),
                free("reason", session + "/amendments",
                        "{\"entrySequence\":0,\"correction\":\"pressure 1\",\"reason\":%s}", 2000),
                free("reason", "/api/users/" + userId + "/deactivation", "{\"reason\":%s}", 2000));
    }

    private static TextField single(String field, String path, String body, int max) {
        return new TextField(field, path, body, max, false);
    }

    private static TextField free(String field, String path, String body, int max) {
        return new TextField(field, path, body, max, true);
    }

    /** Refused in every text field. */
    private static final List<String> REFUSED_EVERYWHERE = List.of(
            "Maria\u0000Keller", "\u001b[31mMaria\u001b[0m", "Maria \u202eRELLEK", "Maria \u2066Keller\u2069",
            "Maria\u0007", "Maria\u007f", "Maria\u0085", "\u200b\u200b\u200b", "\ufeff\u2060 \u200c\u200d", " \t ",
            "", "Maria\ud800");

    /** Refused where the text is a single line: line breaks and tabs. */
    private static final List<String> REFUSED_IN_SINGLE_LINES = List.of("Maria\r\nKeller", "Maria\nKeller",
            "Maria\rKeller", "Maria\tKeller", "Maria\u2028Keller");

    Stream<Arguments> refusedValues() {
        List<Arguments> cases = new ArrayList<>();
        for (TextField field : textFields()) {
            REFUSED_EVERYWHERE.forEach(value -> cases.add(Arguments.of(field, value)));
            if (!field.freeText()) {
                REFUSED_IN_SINGLE_LINES.forEach(value -> cases.add(Arguments.of(field, value)));
            }
        }
        return cases.stream();
    }

    Stream<Arguments> everyField() {
        return textFields().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedValues")
    void controlCharactersBidiControlsAndBlankLookingTextAre400NamingTheField(TextField field, String value) {
        assertRefused(field, value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyField")
    void textOverItsMaximumLengthIs400NamingTheField(TextField field) {
        assertRefused(field, "x".repeat(field.max() + 1));
    }

    @Test
    void freeTextKeepsNewlinesAndTabs() {
        String note = "pain radiating down the left leg\n\tthen easing";
        ResponseEntity<String> response = post(THERAPIST_A, "/api/sessions/" + sessionId + "/responses",
                "{\"area\":\"LOWER_BACK\",\"sensitivity\":3,\"radiatingPain\":false,\"note\":" + json(note) + "}");
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        assertThat(lastPayload(sessionId)).contains("left leg\\n\\tthen easing");
    }

    /** U+009B is the 8-bit ANSI escape (CSI); HTTP clients refuse to send it, so the request is written as bytes. */
    @Test
    void anIdempotencyKeyWithAControlCharacterIs400NamingTheHeader() throws IOException {
        long before = eventCount();
        byte[] body = "{\"insurerId\":\"INS-X\",\"policyNumber\":\"POL-1\",\"consentToShare\":true}"
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/clients/" + clientId + "/insurance HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8))
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\nIdempotency-Key: key\u009b31m\r\n\r\n";
        String answer;
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .containsIgnoringCase("\"field\":\"Idempotency-Key\"");
        assertThat(eventCount()).isEqualTo(before);
    }

    private void assertRefused(TextField field, String value) {
        assertRefused(user(field), field.path(), field.bodyTemplate().formatted(json(value)), field.field());
    }

    private static String user(TextField field) {
        return field.path().startsWith("/api/sessions") ? THERAPIST_A : ADMIN;
    }

    private String json(String value) {
        try {
            return ESCAPING.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
