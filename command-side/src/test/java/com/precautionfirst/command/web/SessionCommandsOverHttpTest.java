package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class SessionCommandsOverHttpTest extends HttpTestSupport {

    private static List<String> rules(JsonNode problem) {
        List<String> rules = new ArrayList<>();
        problem.get("errors").forEach(e -> rules.add(e.get("rule").asText()));
        return rules;
    }

    @Test
    void startingBeforeClearanceIs422AndLeavesAPrecautionBlockedOnTheClientStream() {
        String clientId = clientWithSciatica();
        long before = eventCount();
        ResponseEntity<String> response = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","sessionId":"never","plannedAreas":["LOWER_BACK"]}""".formatted(clientId));
        assertProblem(response, 422, "precaution-blocked");
        assertThat(rules(body(response))).containsExactly("CLEARANCE_MISSING");
        assertThat(body(response).get("errors").get(0).get("message").asText()).contains("M54.16");
        assertThat(eventCount()).isEqualTo(before + 1);
        assertThat(eventTypes(clientId)).endsWith("PrecautionBlocked");
        assertThat(lastPayload(clientId)).contains("\"attemptedBy\":\"therapist-a\"").contains("CLEARANCE_MISSING");
        assertThat(response.getHeaders().getFirst("X-Event-Position")).isEqualTo(String.valueOf(lastPosition(clientId)));
        assertThat(eventTypes("never")).isEmpty();
    }

    @Test
    void startingAfterClearanceIs201WithSessionAndClearance() {
        String clientId = clearedClient();
        String sessionId = unique("session");
        ResponseEntity<String> response = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","sessionId":"%s","plannedAreas":["LOWER_BACK","PIRIFORMIS"]}"""
                .formatted(clientId, sessionId));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        assertThat(body(response).get("sessionId").asText()).isEqualTo(sessionId);
        assertThat(body(response).get("clearanceId").asText()).isEqualTo("clearance-1");
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted");
        assertThat(response.getHeaders().getFirst("X-Event-Position")).isEqualTo(String.valueOf(lastPosition(sessionId)));
        assertThat(lastMetadata(sessionId)).contains("\"userId\":\"therapist-a\"");
    }

    @Test
    void startingIsForAnAssignedTherapistAndValidatesItsInput() {
        String clientId = clearedClient();
        long before = eventCount();
        assertProblem(post(THERAPIST_B, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK"]}""".formatted(clientId)), 403, "forbidden");
        assertProblem(post(ADMIN, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK"]}""".formatted(clientId)), 403, "forbidden");
        assertProblem(post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["ELBOW"]}""".formatted(clientId)), 400, "validation-error");
        assertProblem(post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":[]}""".formatted(clientId)), 400, "validation-error");
        assertProblem(post(THERAPIST_A, "/api/sessions", """
                {"plannedAreas":["LOWER_BACK"]}"""), 400, "validation-error");
        assertProblem(post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK"],"startedAt":"2020-01-01T10:00:00Z"}"""
                .formatted(clientId)), 400, "validation-error");
        assertProblem(post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK"],"startedAt":"%s"}"""
                .formatted(clientId, Instant.now().plusSeconds(3600))), 400, "validation-error");
        assertProblem(post(THERAPIST_A, "/api/sessions", """
                {"clientId":"nobody","plannedAreas":["LOWER_BACK"]}"""), 404, "not-found");
        assertThat(post(null, "/api/sessions", "{}").getStatusCode().value()).isEqualTo(401);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void planningAnExcludedAreaIs422() {
        String clientId = clearedClient();
        ResponseEntity<String> response = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK","LOWER_LEG"]}""".formatted(clientId));
        assertProblem(response, 422, "precaution-blocked");
        assertThat(rules(body(response))).containsExactly("AREA_EXCLUDED");
    }

    @Test
    void pressureWithinTheLimitIs200AboveIs422AndBadInputIs400() {
        String sessionId = openSession(clearedClient());
        ResponseEntity<String> ok = post(THERAPIST_A, "/api/sessions/" + sessionId + "/pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""");
        assertThat(ok.getStatusCode().value()).isEqualTo(200);
        assertThat(ok.getHeaders().getFirst("X-Event-Position")).isEqualTo(String.valueOf(lastPosition(sessionId)));

        ResponseEntity<String> above = post(THERAPIST_A, "/api/sessions/" + sessionId + "/pressure", """
                {"area":"LOWER_BACK","level":3,"reason":"CLIENT_REQUEST"}""");
        assertProblem(above, 422, "precaution-blocked");
        assertThat(rules(body(above))).containsExactly("PRESSURE_ABOVE_LIMIT");
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "PressureAdjusted", "PrecautionBlocked");

        long before = eventCount();
        for (String bad : List.of("{\"area\":\"LOWER_BACK\",\"level\":7,\"reason\":\"CLIENT_REQUEST\"}",
                "{\"area\":\"LOWER_BACK\",\"level\":0,\"reason\":\"CLIENT_REQUEST\"}",
                "{\"area\":\"KNEE\",\"level\":1,\"reason\":\"CLIENT_REQUEST\"}",
                "{\"area\":\"LOWER_BACK\",\"level\":1,\"reason\":\"BORED\"}",
                "{\"area\":\"LOWER_BACK\",\"level\":1}", "{\"area\":", "not json")) {
            assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/pressure", bad), 400, "validation-error");
        }
        assertThat(eventCount()).isEqualTo(before);
        assertProblem(post(THERAPIST_A, "/api/sessions/nosuch/pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"CLIENT_REQUEST"}"""), 404, "not-found");
        assertProblem(post(THERAPIST_B, "/api/sessions/" + sessionId + "/pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"CLIENT_REQUEST"}"""), 403, "forbidden");
        assertProblem(post("auditor", "/api/sessions/" + sessionId + "/pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"CLIENT_REQUEST"}"""), 403, "forbidden");
        assertThat(post(null, "/api/sessions/" + sessionId + "/pressure", "{}").getStatusCode().value())
                .isEqualTo(401);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aProhibitedTechniqueIs422AndAnAllowedOne200() {
        String sessionId = openSession(clearedClient());
        ResponseEntity<String> refused = post(THERAPIST_A, "/api/sessions/" + sessionId + "/techniques", """
                {"area":"LOWER_BACK","technique":"DEEP_VIBRATION"}""");
        assertProblem(refused, 422, "precaution-blocked");
        assertThat(rules(body(refused))).containsExactly("TECHNIQUE_PROHIBITED");
        assertThat(lastPayload(sessionId)).contains("\"attemptedCommand\":\"ApplyTechnique\"")
                .contains("\"technique\":\"DEEP_VIBRATION\"");
        assertThat(post(THERAPIST_A, "/api/sessions/" + sessionId + "/techniques", """
                {"area":"PIRIFORMIS","technique":"KNEADING"}""").getStatusCode().value()).isEqualTo(200);
        long before = eventCount();
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/techniques", """
                {"area":"PIRIFORMIS","technique":"HAMMERING"}"""), 400, "validation-error");
        assertProblem(post(THERAPIST_B, "/api/sessions/" + sessionId + "/techniques", """
                {"area":"PIRIFORMIS","technique":"KNEADING"}"""), 403, "forbidden");
        assertProblem(post(THERAPIST_A, "/api/sessions/nosuch/techniques", """
                {"area":"PIRIFORMIS","technique":"KNEADING"}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void responsesAre200AndSensitivityIs0To10() {
        String sessionId = openSession(clearedClient());
        assertThat(post(THERAPIST_A, "/api/sessions/" + sessionId + "/responses", """
                {"area":"PIRIFORMIS","sensitivity":7,"radiatingPain":true,"note":"pain down the left leg"}""")
                .getStatusCode().value()).isEqualTo(200);
        assertThat(eventTypes(sessionId)).endsWith("ClientResponseRecorded");
        long before = eventCount();
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/responses", """
                {"area":"PIRIFORMIS","sensitivity":11,"radiatingPain":true}"""), 400, "validation-error");
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/responses", """
                {"area":"PIRIFORMIS","sensitivity":3}"""), 400, "validation-error");
        assertProblem(post(THERAPIST_B, "/api/sessions/" + sessionId + "/responses", """
                {"area":"PIRIFORMIS","sensitivity":3,"radiatingPain":false}"""), 403, "forbidden");
        assertProblem(post(THERAPIST_A, "/api/sessions/nosuch/responses", """
                {"area":"PIRIFORMIS","sensitivity":3,"radiatingPain":false}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void afterTheEndEveryActionIs422SessionClosedWithAllItsRulesButAmendmentsAreAccepted() {
        String sessionId = openSession(clearedClient());
        long before = eventCount();
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/end", """
                {"outcome":"DONE"}"""), 400, "validation-error");
        assertProblem(post(THERAPIST_B, "/api/sessions/" + sessionId + "/end", """
                {"outcome":"COMPLETED"}"""), 403, "forbidden");
        assertProblem(post(THERAPIST_A, "/api/sessions/nosuch/end", """
                {"outcome":"COMPLETED"}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(post(THERAPIST_A, "/api/sessions/" + sessionId + "/end", """
                {"outcome":"MODIFIED","notes":"pressure lowered on the piriformis"}""").getStatusCode().value())
                .isEqualTo(200);

        ResponseEntity<String> closed = post(THERAPIST_A, "/api/sessions/" + sessionId + "/pressure", """
                {"area":"LOWER_LEG","level":4,"reason":"CLIENT_REQUEST"}""");
        assertProblem(closed, 422, "precaution-blocked");
        assertThat(rules(body(closed))).containsExactly("SESSION_CLOSED", "AREA_EXCLUDED");
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/responses", """
                {"area":"PIRIFORMIS","sensitivity":2,"radiatingPain":false}"""), 422, "precaution-blocked");
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/early-stop", """
                {"reason":"late"}"""), 422, "precaution-blocked");
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/end", """
                {"outcome":"COMPLETED"}"""), 422, "precaution-blocked");

        ResponseEntity<String> amended = post(THERAPIST_A, "/api/sessions/" + sessionId + "/amendments", """
                {"entrySequence":1,"correction":"outcome was COMPLETED","reason":"mistyped"}""");
        assertThat(amended.getStatusCode().value()).isEqualTo(200);
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "SessionEnded", "PrecautionBlocked",
                "PrecautionBlocked", "PrecautionBlocked", "PrecautionBlocked", "EntryAmended");
        long afterAmend = eventCount();
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/amendments", """
                {"entrySequence":7,"correction":"x","reason":"y"}"""), 400, "validation-error");
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/amendments", """
                {"entrySequence":-1,"correction":"x","reason":"y"}"""), 400, "validation-error");
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/amendments", """
                {"entrySequence":1,"reason":"y"}"""), 400, "validation-error");
        assertProblem(post(THERAPIST_B, "/api/sessions/" + sessionId + "/amendments", """
                {"entrySequence":1,"correction":"x","reason":"y"}"""), 403, "forbidden");
        assertProblem(post(THERAPIST_A, "/api/sessions/nosuch/amendments", """
                {"entrySequence":1,"correction":"x","reason":"y"}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(afterAmend);
    }

    @Test
    void stoppingEarlyIs200() {
        String sessionId = openSession(clearedClient());
        long before = eventCount();
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/early-stop", "{}"), 400, "validation-error");
        assertProblem(post(THERAPIST_B, "/api/sessions/" + sessionId + "/early-stop", """
                {"reason":"pain"}"""), 403, "forbidden");
        assertProblem(post(THERAPIST_A, "/api/sessions/nosuch/early-stop", """
                {"reason":"pain"}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(post(THERAPIST_A, "/api/sessions/" + sessionId + "/early-stop", """
                {"reason":"pain radiating below the knee"}""").getStatusCode().value()).isEqualTo(200);
        assertThat(lastPayload(sessionId)).contains("THERAPIST_DECISION");
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
}
