package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;

/**
 * Clients and sessions share one namespace of ids (docs/decisions/0034). A command addressed to an id of the other
 * kind finds no record of its kind (404); a creation under an id of either kind is a conflict naming the id (409).
 * Neither appends anything, and neither is a 500.
 */
class IdsOfTheOtherKindTest extends HttpTestSupport {

    @ParameterizedTest(name = "POST /api/sessions/<client id>/{0}")
    @ValueSource(strings = {"pressure", "end"})
    void aSessionCommandOnAClientIdIs404(String command) {
        String clientId = clearedClient();
        String body = command.equals("end") ? """
                {"outcome":"COMPLETED"}""" : """
                {"area":"BUTTOCKS","level":1,"reason":"THERAPIST_JUDGEMENT"}""";
        long before = eventCount();
        ResponseEntity<String> answer = post(THERAPIST_A, "/api/sessions/" + clientId + "/" + command, body);
        assertProblem(answer, 404, "not-found");
        assertThat(answer.getBody()).contains(clientId);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aClientCommandOnASessionIdIs404() {
        String sessionId = openSession(clearedClient());
        long before = eventCount();
        ResponseEntity<String> answer = post(ADMIN, "/api/clients/" + sessionId + "/conditions", """
                {"icd10Code":"M54.16","description":"lumbar radiculopathy"}""");
        assertProblem(answer, 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void registeringAClientUnderASessionsIdIs409NamingTheId() {
        String sessionId = openSession(clearedClient());
        long before = eventCount();
        ResponseEntity<String> answer = post(ADMIN, "/api/clients", """
                {"clientId":"%s","name":"Carol Smith","dateOfBirth":"1980-01-01"}""".formatted(sessionId));
        assertProblem(answer, 409, "already-exists");
        assertThat(body(answer).get("id").asText()).isEqualTo(sessionId);
        assertThat(body(answer).get("detail").asText()).contains("'" + sessionId + "'");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void startingASessionUnderAClientsIdIs409NamingTheId() {
        String clientId = clearedClient();
        String otherClient = clientWithSciatica();
        long before = eventCount();
        ResponseEntity<String> answer = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","sessionId":"%s","plannedAreas":["BUTTOCKS"]}""".formatted(clientId, otherClient));
        assertProblem(answer, 409, "already-exists");
        assertThat(body(answer).get("id").asText()).isEqualTo(otherClient);
        assertThat(eventCount()).isEqualTo(before);
        assertThat(eventTypes(otherClient)).doesNotContain("SessionStarted");
    }
}
