package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;

/** POST /api/sessions: the client's record decides whether a session may start. */
class StartingASessionOverHttpTest extends HttpTestSupport {

    @Test
    void startingAfterClearanceIs201WithTheSessionAndTheClearanceItReliesOn() {
        String clientId = clearedClient();
        String sessionId = unique("session");
        ResponseEntity<String> response = start(clientId, sessionId);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        assertThat(body(response).get("sessionId").asText()).isEqualTo(sessionId);
        assertThat(body(response).get("clearanceId").asText()).isEqualTo("clearance-1");
    }

    @Test
    void startingAfterClearanceOpensTheSessionStreamWithSessionStartedInTheTherapistsName() {
        String clientId = clearedClient();
        String sessionId = unique("session");
        start(clientId, sessionId);
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted");
        assertThat(lastMetadata(sessionId)).contains("\"userId\":\"therapist-a\"");
    }

    @Test
    void startingAfterClearanceAnswersThePositionOfSessionStarted() {
        String clientId = clearedClient();
        String sessionId = unique("session");
        ResponseEntity<String> response = start(clientId, sessionId);
        assertThat(response.getHeaders().getFirst("X-Event-Position")).isEqualTo(String.valueOf(lastPosition(sessionId)));
    }

    @Test
    void startingBeforeClearanceIs422ClearanceMissingNamingTheCondition() {
        String clientId = clientWithSciatica();
        ResponseEntity<String> response = startBeforeClearance(clientId, unique("session"));
        assertProblem(response, 422, "precaution-blocked");
        assertThat(rules(response)).containsExactly("CLEARANCE_MISSING");
        assertThat(body(response).get("errors").get(0).get("message").asText()).contains("M54.16");
    }

    @Test
    void startingBeforeClearanceAppendsOnlyAPrecautionBlockedToTheClientStream() {
        String clientId = clientWithSciatica();
        String sessionId = unique("session");
        long before = eventCount();
        startBeforeClearance(clientId, sessionId);
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventTypes(clientId)).endsWith("PrecautionBlocked");
        assertThat(eventTypes(sessionId)).isEmpty();
    }

    @Test
    void startingBeforeClearanceRecordsWhoAttemptedItAndTheRuleThatBlockedIt() {
        String clientId = clientWithSciatica();
        startBeforeClearance(clientId, unique("session"));
        assertThat(lastPayload(clientId)).contains("\"attemptedBy\":\"therapist-a\"").contains("CLEARANCE_MISSING");
    }

    @Test
    void startingBeforeClearanceAnswersThePositionOfThePrecautionBlocked() {
        String clientId = clientWithSciatica();
        ResponseEntity<String> response = startBeforeClearance(clientId, unique("session"));
        assertThat(response.getHeaders().getFirst("X-Event-Position")).isEqualTo(String.valueOf(lastPosition(clientId)));
    }

    @Test
    void planningAnExcludedAreaIs422AreaExcluded() {
        String clientId = clearedClient();
        ResponseEntity<String> response = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK","LOWER_LEG"]}""".formatted(clientId));
        assertProblem(response, 422, "precaution-blocked");
        assertThat(rules(response)).containsExactly("AREA_EXCLUDED");
    }

    @Test
    void aSessionStartedALittleEarlierKeepsItsTime() {
        String clientId = clearedClient();
        String startedAt = Instant.now().minusSeconds(1800).truncatedTo(ChronoUnit.SECONDS).toString();
        ResponseEntity<String> response = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["BUTTOCKS"],"startedAt":"%s"}""".formatted(clientId, startedAt));
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(lastPayload(body(response).get("sessionId").asText())).contains(startedAt);
    }

    @Test
    void startingWithAnExistingSessionIdIs409AndAppendsNothing() {
        String clientId = clearedClient();
        String sessionId = openSession(clientId);
        long before = eventCount();
        assertProblem(post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","sessionId":"%s","plannedAreas":["BUTTOCKS"]}""".formatted(clientId, sessionId)),
                409, "already-exists");
        assertThat(eventCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {THERAPIST_B, ADMIN})
    void anyoneButAnAssignedTherapistGets403AndNothingIsAppended(String user) {
        String clientId = clearedClient();
        long before = eventCount();
        assertProblem(post(user, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK"]}""".formatted(clientId)), 403, "forbidden");
        assertThat(eventCount()).isEqualTo(before);
    }

    /** Body templates: the first {@code %s} is a cleared client of therapist-a, the second an instant an hour ahead. */
    static Stream<Arguments> badStarts() {
        return Stream.of(
                Arguments.of("an unknown area", """
                        {"clientId":"%s","plannedAreas":["ELBOW"]}"""),
                Arguments.of("no planned area", """
                        {"clientId":"%s","plannedAreas":[]}"""),
                Arguments.of("no client", """
                        {"plannedAreas":["LOWER_BACK"]}"""),
                Arguments.of("a start long ago", """
                        {"clientId":"%s","plannedAreas":["LOWER_BACK"],"startedAt":"2020-01-01T10:00:00Z"}"""),
                Arguments.of("a start in an hour", """
                        {"clientId":"%s","plannedAreas":["LOWER_BACK"],"startedAt":"%s"}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStarts")
    void aStartWithBadInputIs400AndAppendsNothing(String what, String bodyTemplate) {
        String clientId = clearedClient();
        long before = eventCount();
        String badBody = bodyTemplate.formatted(clientId, Instant.now().plusSeconds(3600));
        assertProblem(post(THERAPIST_A, "/api/sessions", badBody), 400, "validation-error");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void startingForAnUnknownClientIs404AndAppendsNothing() {
        long before = eventCount();
        assertProblem(post(THERAPIST_A, "/api/sessions", """
                {"clientId":"nobody","plannedAreas":["LOWER_BACK"]}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void startingWithoutCredentialsIs401AndAppendsNothing() {
        String clientId = clearedClient();
        long before = eventCount();
        assertThat(post(null, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK"]}""".formatted(clientId)).getStatusCode().value())
                .isEqualTo(401);
        assertThat(post(null, "/api/sessions", "{}").getStatusCode().value()).isEqualTo(401);
        assertThat(eventCount()).isEqualTo(before);
    }

    private ResponseEntity<String> start(String clientId, String sessionId) {
        return post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","sessionId":"%s","plannedAreas":["LOWER_BACK","PIRIFORMIS"]}"""
                .formatted(clientId, sessionId));
    }

    private ResponseEntity<String> startBeforeClearance(String clientId, String sessionId) {
        return post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","sessionId":"%s","plannedAreas":["LOWER_BACK"]}""".formatted(clientId, sessionId));
    }

    /** The rules a precaution-blocked problem lists, in order. */
    private List<String> rules(ResponseEntity<String> problem) {
        return body(problem).get("errors").findValuesAsText("rule");
    }
}
