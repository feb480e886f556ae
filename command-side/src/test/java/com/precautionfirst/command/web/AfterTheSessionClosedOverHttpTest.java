package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;

/** A session of therapist-a that has ended: every action is refused as SESSION_CLOSED, amendments are accepted. */
class AfterTheSessionClosedOverHttpTest extends HttpTestSupport {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            pressure   | {"area":"LOWER_BACK","level":1,"reason":"CLIENT_REQUEST"}
            techniques | {"area":"PIRIFORMIS","technique":"KNEADING"}
            responses  | {"area":"PIRIFORMIS","sensitivity":2,"radiatingPain":false}
            early-stop | {"reason":"late"}
            end        | {"outcome":"COMPLETED"}
            """)
    void everyActionIs422SessionClosed(String action, String body) {
        String sessionId = endedSession();
        ResponseEntity<String> response = act(THERAPIST_A, sessionId, action, body);
        assertProblem(response, 422, "precaution-blocked");
        assertThat(rules(response)).containsExactly("SESSION_CLOSED");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            pressure   | {"area":"LOWER_BACK","level":1,"reason":"CLIENT_REQUEST"}   | AdjustPressure
            techniques | {"area":"PIRIFORMIS","technique":"KNEADING"}                | ApplyTechnique
            responses  | {"area":"PIRIFORMIS","sensitivity":2,"radiatingPain":false} | RecordClientResponse
            early-stop | {"reason":"late"}                                           | StopSessionEarly
            end        | {"outcome":"COMPLETED"}                                     | EndSession
            """)
    void everyRefusedActionIsRecordedAsAPrecautionBlockedNamingIt(String action, String body, String command) {
        String sessionId = endedSession();
        act(THERAPIST_A, sessionId, action, body);
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "SessionEnded", "PrecautionBlocked");
        assertThat(lastPayload(sessionId)).contains("\"attemptedCommand\":\"" + command + "\"")
                .contains("SESSION_CLOSED");
    }

    @Test
    void pressureOnAnExcludedAreaIs422ListingSessionClosedAndAreaExcluded() {
        String sessionId = endedSession();
        ResponseEntity<String> response = act(THERAPIST_A, sessionId, "pressure", """
                {"area":"LOWER_LEG","level":4,"reason":"CLIENT_REQUEST"}""");
        assertProblem(response, 422, "precaution-blocked");
        assertThat(rules(response)).containsExactly("SESSION_CLOSED", "AREA_EXCLUDED");
    }

    @Test
    void anAmendmentIs200AndAppendsEntryAmended() {
        String sessionId = endedSession();
        ResponseEntity<String> response = act(THERAPIST_A, sessionId, "amendments", """
                {"entrySequence":1,"correction":"outcome was COMPLETED","reason":"mistyped"}""");
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "SessionEnded", "EntryAmended");
    }

    @Test
    void anAmendmentIsAcceptedAfterRefusedActionsToo() {
        String sessionId = endedSession();
        act(THERAPIST_A, sessionId, "pressure", """
                {"area":"LOWER_LEG","level":4,"reason":"CLIENT_REQUEST"}""");
        assertThat(act(THERAPIST_A, sessionId, "amendments", """
                {"entrySequence":1,"correction":"outcome was COMPLETED","reason":"mistyped"}""")
                .getStatusCode().value()).isEqualTo(200);
        assertThat(eventTypes(sessionId))
                .containsExactly("SessionStarted", "SessionEnded", "PrecautionBlocked", "EntryAmended");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"entrySequence\":7,\"correction\":\"x\",\"reason\":\"y\"}",
            "{\"entrySequence\":-1,\"correction\":\"x\",\"reason\":\"y\"}",
            "{\"entrySequence\":1,\"reason\":\"y\"}"})
    void aBadAmendmentIs400AndAppendsNothing(String badBody) {
        String sessionId = endedSession();
        long before = eventCount();
        assertProblem(act(THERAPIST_A, sessionId, "amendments", badBody), 400, "validation-error");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void amendingTheEntryAfterTheLastIs400AndAppendsNothing() {
        String sessionId = endedSession();
        int afterTheLast = eventTypes(sessionId).size();
        long before = eventCount();
        assertProblem(act(THERAPIST_A, sessionId, "amendments", """
                {"entrySequence":%d,"correction":"x","reason":"y"}""".formatted(afterTheLast)), 400,
                "validation-error");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void anotherTherapistGets403OnAnAmendmentAndNothingIsAppended() {
        String sessionId = endedSession();
        long before = eventCount();
        assertProblem(act(THERAPIST_B, sessionId, "amendments", """
                {"entrySequence":1,"correction":"x","reason":"y"}"""), 403, "forbidden");
        assertThat(eventCount()).isEqualTo(before);
    }

    /** An open session of therapist-a for a cleared client, ended as MODIFIED; returns the session id. */
    private String endedSession() {
        String sessionId = openSession(clearedClient());
        ResponseEntity<String> ended = act(THERAPIST_A, sessionId, "end", """
                {"outcome":"MODIFIED","notes":"pressure lowered on the piriformis"}""");
        assertThat(ended.getStatusCode().value()).as(ended.getBody()).isEqualTo(200);
        return sessionId;
    }

    private ResponseEntity<String> act(String user, String sessionId, String action, String body) {
        return post(user, "/api/sessions/" + sessionId + "/" + action, body);
    }

    /** The rules a precaution-blocked problem lists, in order. */
    private List<String> rules(ResponseEntity<String> problem) {
        return body(problem).get("errors").findValuesAsText("rule");
    }
}
