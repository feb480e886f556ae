package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;

/**
 * The actions on an open session of therapist-a for a client cleared with the walk-through's restrictions
 * (LOWER_LEG excluded, LOWER_BACK up to 2, DEEP_VIBRATION prohibited).
 */
class RunningASessionOverHttpTest extends HttpTestSupport {

    @Test
    void pressureWithinTheClearedLimitIs200AndAppendsPressureAdjusted() {
        String sessionId = openSession(clearedClient());
        ResponseEntity<String> response = act(THERAPIST_A, sessionId, "pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "PressureAdjusted");
    }

    @Test
    void pressureWithinTheClearedLimitAnswersThePositionOfItsEvent() {
        String sessionId = openSession(clearedClient());
        ResponseEntity<String> response = act(THERAPIST_A, sessionId, "pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""");
        assertThat(response.getHeaders().getFirst("X-Event-Position")).isEqualTo(String.valueOf(lastPosition(sessionId)));
    }

    @Test
    void pressureAboveTheClearedLimitIs422PressureAboveLimit() {
        String sessionId = openSession(clearedClient());
        ResponseEntity<String> response = act(THERAPIST_A, sessionId, "pressure", """
                {"area":"LOWER_BACK","level":3,"reason":"CLIENT_REQUEST"}""");
        assertProblem(response, 422, "precaution-blocked");
        assertThat(rules(response)).containsExactly("PRESSURE_ABOVE_LIMIT");
    }

    @Test
    void pressureAboveTheClearedLimitAppendsAPrecautionBlockedInsteadOfPressureAdjusted() {
        String sessionId = openSession(clearedClient());
        act(THERAPIST_A, sessionId, "pressure", """
                {"area":"LOWER_BACK","level":3,"reason":"CLIENT_REQUEST"}""");
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "PrecautionBlocked");
    }

    @Test
    void aProhibitedTechniqueIs422TechniqueProhibited() {
        String sessionId = openSession(clearedClient());
        ResponseEntity<String> response = act(THERAPIST_A, sessionId, "techniques", """
                {"area":"LOWER_BACK","technique":"DEEP_VIBRATION"}""");
        assertProblem(response, 422, "precaution-blocked");
        assertThat(rules(response)).containsExactly("TECHNIQUE_PROHIBITED");
    }

    @Test
    void aProhibitedTechniqueIsRecordedWithTheAttemptedCommandAndTechnique() {
        String sessionId = openSession(clearedClient());
        act(THERAPIST_A, sessionId, "techniques", """
                {"area":"LOWER_BACK","technique":"DEEP_VIBRATION"}""");
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "PrecautionBlocked");
        assertThat(lastPayload(sessionId)).contains("\"attemptedCommand\":\"ApplyTechnique\"")
                .contains("\"technique\":\"DEEP_VIBRATION\"");
    }

    @Test
    void anAllowedTechniqueIs200AndAppendsTechniqueApplied() {
        String sessionId = openSession(clearedClient());
        assertThat(act(THERAPIST_A, sessionId, "techniques", """
                {"area":"PIRIFORMIS","technique":"KNEADING"}""").getStatusCode().value()).isEqualTo(200);
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "TechniqueApplied");
    }

    @Test
    void aClientResponseIs200AndAppendsClientResponseRecorded() {
        String sessionId = openSession(clearedClient());
        assertThat(act(THERAPIST_A, sessionId, "responses", """
                {"area":"PIRIFORMIS","sensitivity":7,"radiatingPain":true,"note":"pain down the left leg"}""")
                .getStatusCode().value()).isEqualTo(200);
        assertThat(eventTypes(sessionId)).endsWith("ClientResponseRecorded");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10})
    void sensitivityAtEitherEndOfTheScaleFrom0To10IsAccepted(int sensitivity) {
        String sessionId = openSession(clearedClient());
        assertThat(act(THERAPIST_A, sessionId, "responses", """
                {"area":"PIRIFORMIS","sensitivity":%d,"radiatingPain":false}""".formatted(sensitivity))
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void endingIs200AndAppendsSessionEnded() {
        String sessionId = openSession(clearedClient());
        assertThat(act(THERAPIST_A, sessionId, "end", """
                {"outcome":"MODIFIED","notes":"pressure lowered on the piriformis"}""").getStatusCode().value())
                .isEqualTo(200);
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "SessionEnded");
    }

    @Test
    void stoppingEarlyIs200AndRecordedAsTheTherapistsDecision() {
        String sessionId = openSession(clearedClient());
        assertThat(act(THERAPIST_A, sessionId, "early-stop", """
                {"reason":"pain radiating below the knee"}""").getStatusCode().value()).isEqualTo(200);
        assertThat(lastPayload(sessionId)).contains("THERAPIST_DECISION");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            pressure   | {"area":"LOWER_BACK","level":7,"reason":"CLIENT_REQUEST"}
            pressure   | {"area":"LOWER_BACK","level":0,"reason":"CLIENT_REQUEST"}
            pressure   | {"area":"KNEE","level":1,"reason":"CLIENT_REQUEST"}
            pressure   | {"area":"LOWER_BACK","level":1,"reason":"BORED"}
            pressure   | {"area":"LOWER_BACK","level":1}
            pressure   | {"area":
            pressure   | not json
            techniques | {"area":"PIRIFORMIS","technique":"HAMMERING"}
            responses  | {"area":"PIRIFORMIS","sensitivity":11,"radiatingPain":true}
            responses  | {"area":"PIRIFORMIS","sensitivity":-1,"radiatingPain":true}
            responses  | {"area":"PIRIFORMIS","sensitivity":3}
            end        | {"outcome":"DONE"}
            early-stop | {}
            """)
    void aBadRequestIs400AndAppendsNothing(String action, String badBody) {
        String sessionId = openSession(clearedClient());
        long before = eventCount();
        assertProblem(act(THERAPIST_A, sessionId, action, badBody), 400, "validation-error");
        assertThat(eventCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("everyAction")
    void theTherapistWhoStartedItGets200On(String action) {
        String sessionId = openSession(clearedClient());
        ResponseEntity<String> response = act(THERAPIST_A, sessionId, action, validBody(action));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("everyAction")
    void anotherTherapistGets403On(String action) {
        String sessionId = openSession(clearedClient());
        long before = eventCount();
        assertProblem(act(THERAPIST_B, sessionId, action, validBody(action)), 403, "forbidden");
        assertThat(eventCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("everyAction")
    void anAuditorGets403On(String action) {
        String sessionId = openSession(clearedClient());
        long before = eventCount();
        assertProblem(act("auditor", sessionId, action, validBody(action)), 403, "forbidden");
        assertThat(eventCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("everyAction")
    void anUnknownSessionIs404On(String action) {
        long before = eventCount();
        assertProblem(act(THERAPIST_A, unique("nosuch"), action, validBody(action)), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("everyAction")
    void anAnonymousCallerGets401On(String action) {
        String sessionId = openSession(clearedClient());
        long before = eventCount();
        assertThat(act(null, sessionId, action, validBody(action)).getStatusCode().value()).isEqualTo(401);
        assertThat(act(null, sessionId, action, "{}").getStatusCode().value()).isEqualTo(401);
        assertThat(eventCount()).isEqualTo(before);
    }

    static Stream<String> everyAction() {
        return Stream.of("pressure", "techniques", "responses", "end", "early-stop", "amendments");
    }

    /** A body that therapist-a may send on an open session of the cleared client. */
    private static String validBody(String action) {
        return switch (action) {
            case "pressure" -> """
                    {"area":"LOWER_BACK","level":1,"reason":"CLIENT_REQUEST"}""";
            case "techniques" -> """
                    {"area":"PIRIFORMIS","technique":"KNEADING"}""";
            case "responses" -> """
                    {"area":"PIRIFORMIS","sensitivity":3,"radiatingPain":false}""";
            case "end" -> """
                    {"outcome":"COMPLETED"}""";
            case "early-stop" -> """
                    {"reason":"pain"}""";
            case "amendments" -> """
                    {"entrySequence":0,"correction":"x","reason":"y"}""";
            default -> throw new IllegalArgumentException(action);
        };
    }

    private ResponseEntity<String> act(String user, String sessionId, String action, String body) {
        return post(user, "/api/sessions/" + sessionId + "/" + action, body);
    }

    /** The rules a precaution-blocked problem lists, in order. */
    private List<String> rules(ResponseEntity<String> problem) {
        return body(problem).get("errors").findValuesAsText("rule");
    }
}
