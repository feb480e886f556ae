package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class IdempotencyOverHttpTest extends HttpTestSupport {

    @Test
    void theSameKeyAndBodyReturnTheFirstAnswerAndAppendNothing() {
        String clientId = unique("client");
        String key = unique("key");
        String registration = """
                {"clientId":"%s","name":"Maria Keller","dateOfBirth":"1978-04-12"}""".formatted(clientId);
        ResponseEntity<String> first = post(ADMIN, "/api/clients", registration, key);
        long after = eventCount();
        ResponseEntity<String> again = post(ADMIN, "/api/clients", registration, key);
        assertThat(again.getStatusCode().value()).isEqualTo(201);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(again.getHeaders().getFirst("X-Event-Position"))
                .isEqualTo(first.getHeaders().getFirst("X-Event-Position"));
        assertThat(eventCount()).isEqualTo(after);
        assertThat(eventTypes(clientId)).containsExactly("ClientRegistered");
        assertThat(lastMetadata(clientId)).contains("\"idempotencyKey\":\"" + key + "\"");
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndDoesNothing() {
        String sessionId = openSession(clearedClient());
        String key = unique("key");
        assertThat(post(THERAPIST_A, "/api/sessions/" + sessionId + "/pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""", key).getStatusCode().value())
                .isEqualTo(200);
        long after = eventCount();
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/pressure", """
                {"area":"LOWER_BACK","level":2,"reason":"THERAPIST_JUDGEMENT"}""", key), 422, "idempotency-key-reused");
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionId + "/techniques", """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""", key), 400, "validation-error");
        assertThat(eventCount()).isEqualTo(after);
    }

    @Test
    void aRefusalIsReplayedWithoutASecondPrecautionBlocked() {
        String sessionId = openSession(clearedClient());
        String key = unique("key");
        String deepVibration = """
                {"area":"LOWER_BACK","technique":"DEEP_VIBRATION"}""";
        ResponseEntity<String> first = post(THERAPIST_A, "/api/sessions/" + sessionId + "/techniques", deepVibration, key);
        assertProblem(first, 422, "precaution-blocked");
        ResponseEntity<String> again = post(THERAPIST_A, "/api/sessions/" + sessionId + "/techniques", deepVibration, key);
        assertProblem(again, 422, "precaution-blocked");
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "PrecautionBlocked");
    }

    @Test
    void keysAreScopedPerUser() {
        String key = unique("key");
        assertThat(post(ADMIN, "/api/clients", """
                {"name":"One","dateOfBirth":"1970-01-01"}""", key).getStatusCode().value()).isEqualTo(201);
        String clientId = clearedClient();
        ResponseEntity<String> therapists = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["BUTTOCKS"]}""".formatted(clientId), key);
        assertThat(therapists.getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void anUnusableKeyIs400() {
        assertProblem(post(ADMIN, "/api/clients", """
                {"name":"One","dateOfBirth":"1970-01-01"}""", "x".repeat(201)), 400, "validation-error");
    }

    @Test
    void aGeneratedIdIsReplayedNotGeneratedAgain() {
        String clientId = clientWithSciatica();
        String key = unique("key");
        String condition = """
                {"icd10Code":"G57.01","description":"piriformis syndrome"}""";
        ResponseEntity<String> first = post(ADMIN, "/api/clients/" + clientId + "/conditions", condition, key);
        ResponseEntity<String> again = post(ADMIN, "/api/clients/" + clientId + "/conditions", condition, key);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(eventTypes(clientId).stream().filter("ConditionDeclared"::equals).count()).isEqualTo(2);
    }

    @Test
    void theSameKeyOnAnotherPathIsAnotherRequest() {
        String clientId = clearedClient();
        String key = unique("key");
        String sessionA = openSession(clientId);
        String sessionB = openSession(clientId);
        String body = """
                {"area":"BUTTOCKS","level":1,"reason":"CLIENT_REQUEST"}""";
        assertThat(post(THERAPIST_A, "/api/sessions/" + sessionA + "/pressure", body, key).getStatusCode().value())
                .isEqualTo(200);
        assertProblem(post(THERAPIST_A, "/api/sessions/" + sessionB + "/pressure", body, key), 422,
                "idempotency-key-reused");
        assertThat(eventTypes(sessionB)).containsExactly("SessionStarted");
    }
}
