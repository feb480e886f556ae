package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class RevokingAClearanceOverHttpTest extends HttpTestSupport {

    @Test
    void stopsEveryOpenSessionRelyingOnItInTheSameRequest() {
        String clientId = clearedClient();
        String open1 = openSession(clientId);
        String open2 = openSession(clientId);
        String ended = openSession(clientId);
        assertThat(post(THERAPIST_A, "/api/sessions/" + ended + "/end", """
                {"outcome":"COMPLETED"}""").getStatusCode().value()).isEqualTo(200);

        ResponseEntity<String> revoked = post(ADMIN, "/api/clients/" + clientId + "/clearances/clearance-1/revocation",
                """
                {"reason":"new MRI findings"}""", unique("key"));
        assertThat(revoked.getStatusCode().value()).isEqualTo(200);

        assertThat(eventTypes(open1)).containsExactly("SessionStarted", "SessionStoppedEarly");
        assertThat(eventTypes(open2)).containsExactly("SessionStarted", "SessionStoppedEarly");
        assertThat(eventTypes(ended)).containsExactly("SessionStarted", "SessionEnded");
        assertThat(lastPayload(open1)).contains("\"cause\":\"CLEARANCE_REVOKED\"").contains("clearance-1");
        assertThat(lastMetadata(open1)).contains("\"userId\":\"admin\"").contains("\"role\":\"CLINIC_ADMIN\"");
        long lastStop = Math.max(lastPosition(open1), lastPosition(open2));
        assertThat(revoked.getHeaders().getFirst("X-Event-Position")).isEqualTo(String.valueOf(lastStop));

        ResponseEntity<String> later = post(THERAPIST_A, "/api/sessions/" + open1 + "/pressure", """
                {"area":"BUTTOCKS","level":1,"reason":"CLIENT_REQUEST"}""");
        assertProblem(later, 422, "precaution-blocked");
        assertThat(later.getBody()).contains("SESSION_CLOSED");

        ResponseEntity<String> restart = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["BUTTOCKS"]}""".formatted(clientId));
        assertProblem(restart, 422, "precaution-blocked");
        assertThat(restart.getBody()).contains("CLEARANCE_REVOKED");
    }

    @Test
    void revokingOneClientsClearanceLeavesAnotherClientsSessionAlone() {
        String clientX = clearedClient();
        String clientY = clearedClient();
        String sessionX = openSession(clientX);
        String sessionY = openSession(clientY);

        assertThat(post(ADMIN, "/api/clients/" + clientX + "/clearances/clearance-1/revocation", """
                {"reason":"new MRI findings"}""").getStatusCode().value()).isEqualTo(200);

        assertThat(eventTypes(sessionY)).containsExactly("SessionStarted");
        assertThat(post(THERAPIST_A, "/api/sessions/" + sessionY + "/pressure", """
                {"area":"BUTTOCKS","level":1,"reason":"THERAPIST_JUDGEMENT"}""").getStatusCode().value())
                .isEqualTo(200);
        assertThat(eventTypes(sessionX)).containsExactly("SessionStarted", "SessionStoppedEarly");
    }
}
