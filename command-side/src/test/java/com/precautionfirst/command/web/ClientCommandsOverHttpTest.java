package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;

class ClientCommandsOverHttpTest extends HttpTestSupport {

    @Test
    void registeringAnswers201WithTheIdAndThePositionOfItsEvent() {
        String clientId = unique("client");
        ResponseEntity<String> response = post(ADMIN, "/api/clients", """
                {"clientId":"%s","name":"Maria Keller","dateOfBirth":"1978-04-12"}""".formatted(clientId));
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(body(response).get("clientId").asText()).isEqualTo(clientId);
        assertThat(response.getHeaders().getFirst("X-Event-Position")).isEqualTo(String.valueOf(lastPosition(clientId)));
        assertThat(eventTypes(clientId)).containsExactly("ClientRegistered");
        assertThat(lastMetadata(clientId)).contains("\"userId\":\"admin\"").contains("\"role\":\"CLINIC_ADMIN\"")
                .contains("\"correlationId\"");
    }

    @Test
    void registeringWithoutAnIdGeneratesOne() {
        ResponseEntity<String> response = post(ADMIN, "/api/clients", """
                {"name":"Jon Doe","dateOfBirth":"1980-01-01"}""");
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(eventTypes(body(response).get("clientId").asText())).containsExactly("ClientRegistered");
    }

    @Test
    void registeringAnExistingIdIs409AndAppendsNothing() {
        String clientId = clientWithSciatica();
        long before = eventCount();
        assertProblem(post(ADMIN, "/api/clients", """
                {"clientId":"%s","name":"Other","dateOfBirth":"1978-04-12"}""".formatted(clientId)), 409,
                "already-exists");
        assertThat(eventCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"Maria\"}", "{\"name\":\"\",\"dateOfBirth\":\"1978-04-12\"}",
            "{\"name\":\"Maria\",\"dateOfBirth\":\"not a date\"}", "{\"name\":\"Maria\"", "",
            "{\"name\":\"Maria\",\"dateOfBirth\":\"1978-04-12\",\"clientId\":\"bad id!\"}"})
    void badRegistrationsAre400AndAppendNothing(String badBody) {
        long before = eventCount();
        assertProblem(post(ADMIN, "/api/clients", badBody), 400, "validation-error");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void withoutCredentialsEveryCommandIs401() {
        String clientId = clientWithSciatica();
        assertThat(post(null, "/api/clients", "{}").getStatusCode().value()).isEqualTo(401);
        assertThat(post(null, "/api/clients/" + clientId + "/conditions", "{}").getStatusCode().value()).isEqualTo(401);
        assertThat(post("admin", "/api/clients", "{}").getStatusCode().value()).isNotEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auditor", "insurer-x"})
    void auditorsAndInsurersWriteNothing(String user) {
        String clientId = clientWithSciatica();
        long before = eventCount();
        assertProblem(post(user, "/api/clients", """
                {"name":"Maria","dateOfBirth":"1978-04-12"}"""), 403, "forbidden");
        assertProblem(post(user, "/api/clients/" + clientId + "/conditions", """
                {"icd10Code":"M54.5","description":"low back pain"}"""), 403, "forbidden");
        assertProblem(post(user, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["BUTTOCKS"]}""".formatted(clientId)), 403, "forbidden");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aTherapistMayNotRegisterClients() {
        assertProblem(post(THERAPIST_A, "/api/clients", """
                {"name":"Maria","dateOfBirth":"1978-04-12"}"""), 403, "forbidden");
    }

    @Test
    void declaringAConditionAnswers201AndTheSpineFamilyAlwaysRequiresClearance() {
        String clientId = clientWithSciatica();
        ResponseEntity<String> response = post(THERAPIST_A, "/api/clients/" + clientId + "/conditions", """
                {"icd10Code":"M51.26","description":"disc protrusion","requiresClearance":false,"region":"L5-S1"}""");
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(body(response).get("conditionId").asText()).isNotBlank();
        assertThat(lastPayload(clientId)).contains("\"requiresClearanceDeclared\":false")
                .contains("\"requiresClearance\":true");
        assertThat(lastMetadata(clientId)).contains("\"userId\":\"therapist-a\"").contains("\"role\":\"THERAPIST\"");
    }

    @Test
    void declaringAConditionValidatesAndChecksTheClientAndTheTherapist() {
        String clientId = clientWithSciatica();
        long before = eventCount();
        assertProblem(post(ADMIN, "/api/clients/" + clientId + "/conditions", """
                {"icd10Code":"not a code","description":"x"}"""), 400, "validation-error");
        assertProblem(post(ADMIN, "/api/clients/" + clientId + "/conditions", """
                {"icd10Code":"M54.5"}"""), 400, "validation-error");
        assertProblem(post(ADMIN, "/api/clients/" + clientId + "/conditions", """
                {"conditionId":"sciatica","icd10Code":"M54.5","description":"again"}"""), 400, "validation-error");
        assertThat(eventCount()).isEqualTo(before);
        assertProblem(post(ADMIN, "/api/clients/no-such-client/conditions", """
                {"icd10Code":"M54.5","description":"low back pain"}"""), 404, "not-found");
        assertProblem(post(THERAPIST_B, "/api/clients/" + clientId + "/conditions", """
                {"icd10Code":"M54.5","description":"low back pain"}"""), 403, "forbidden");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void resolvingAConditionAnswers200() {
        String clientId = clientWithSciatica();
        ResponseEntity<String> response = post(ADMIN, "/api/clients/" + clientId + "/conditions/sciatica/resolution",
                """
                {"note":"symptom-free for 6 months"}""");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getFirst("X-Event-Position")).isEqualTo(String.valueOf(lastPosition(clientId)));
        assertThat(eventTypes(clientId)).endsWith("ConditionResolved");
        long before = eventCount();
        assertProblem(post(ADMIN, "/api/clients/" + clientId + "/conditions/unknown/resolution", """
                {"note":"x"}"""), 400, "validation-error");
        assertProblem(post(ADMIN, "/api/clients/" + clientId + "/conditions/sciatica/resolution", "{}"), 400,
                "validation-error");
        assertProblem(post(THERAPIST_A, "/api/clients/" + clientId + "/conditions/sciatica/resolution", """
                {"note":"x"}"""), 403, "forbidden");
        assertProblem(post(ADMIN, "/api/clients/nobody/conditions/sciatica/resolution", """
                {"note":"x"}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void recordingAClearanceAnswers201WithItsId() {
        String clientId = clientWithSciatica();
        ResponseEntity<String> response = post(ADMIN, "/api/clients/" + clientId + "/clearances",
                clearanceBody("clearance-1").replace("\"issuedOn\"", "\"documentSha256\":\"" + "ab".repeat(32)
                        + "\",\"issuedOn\""));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        assertThat(body(response).get("clearanceId").asText()).isEqualTo("clearance-1");
        assertThat(lastPayload(clientId)).contains("L5-S1 disc protrusion").contains("DEEP_VIBRATION");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"PHYSIOTHERAPIST\"|\"MASSEUR\"|professional.profession",
            "\"conditionIds\":[\"sciatica\"]|\"conditionIds\":[\"not-open\"]|conditionIds",
            "\"conditionIds\":[\"sciatica\"]|\"conditionIds\":[]|conditionIds",
            "\"LOWER_BACK\":2|\"LOWER_BACK\":7|restrictions.maxPressure",
            "\"LOWER_LEG\"]|\"KNEE\"]|restrictions.excludedAreas",
            "\"licenseNumber\":\"PT-4711\"|\"licenseNumber\":\"\"|professional.licenseNumber",
            "\"issuedOn\"|\"documentSha256\":\"abc\",\"issuedOn\"|documentSha256",
            "\"damageLocation\":\"L5-S1 disc protrusion, left S1 root\",|\"damageLocation\":null,|damageLocation"})
    void badClearancesAre400NamingTheFieldAndAppendNothing(String replacement) {
        String[] parts = replacement.split("\\|");
        String clientId = clientWithSciatica();
        long before = eventCount();
        String badBody = clearanceBody("c-bad").replace(parts[0], parts[1]);
        ResponseEntity<String> response = post(ADMIN, "/api/clients/" + clientId + "/clearances", badBody);
        assertProblem(response, 400, "validation-error");
        assertThat(body(response).get("errors").get(0).get("field").asText()).startsWith(parts[2]);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aClearanceValidUntilBeforeItWasIssuedIs400NamingValidUntilAndAppendsNothing() {
        String clientId = clientWithSciatica();
        long before = eventCount();
        String badBody = clearanceBody("c-bad").replaceFirst("\"validUntil\":\"[^\"]*\"", "\"validUntil\":\"2019-12-31\"");
        ResponseEntity<String> response = post(ADMIN, "/api/clients/" + clientId + "/clearances", badBody);
        assertProblem(response, 400, "validation-error");
        assertThat(body(response).get("errors").get(0).get("field").asText()).isEqualTo("validUntil");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void recordingAClearanceChecksRoleAndClient() {
        String clientId = clientWithSciatica();
        assertProblem(post(THERAPIST_A, "/api/clients/" + clientId + "/clearances", clearanceBody("c")), 403,
                "forbidden");
        assertProblem(post(ADMIN, "/api/clients/nobody/clearances", clearanceBody("c")), 404, "not-found");
    }

    @Test
    void revokingAClearanceAnswers200() {
        String clientId = clearedClient();
        assertThat(post(ADMIN, "/api/clients/" + clientId + "/clearances/clearance-1/revocation", """
                {"reason":"new MRI findings"}""").getStatusCode().value()).isEqualTo(200);
        assertThat(eventTypes(clientId)).endsWith("ClearanceRevoked");
        long before = eventCount();
        assertProblem(post(ADMIN, "/api/clients/" + clientId + "/clearances/unknown/revocation", """
                {"reason":"x"}"""), 400, "validation-error");
        assertProblem(post(ADMIN, "/api/clients/" + clientId + "/clearances/clearance-1/revocation", "{}"), 400,
                "validation-error");
        assertProblem(post(THERAPIST_A, "/api/clients/" + clientId + "/clearances/clearance-1/revocation", """
                {"reason":"x"}"""), 403, "forbidden");
        assertProblem(post(ADMIN, "/api/clients/nobody/clearances/clearance-1/revocation", """
                {"reason":"x"}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void assigningATherapistAnswers200() {
        String clientId = clientWithSciatica();
        assertThat(post(ADMIN, "/api/clients/" + clientId + "/therapists", """
                {"therapistId":"therapist-b"}""").getStatusCode().value()).isEqualTo(200);
        assertThat(eventTypes(clientId)).endsWith("TherapistAssigned");
        long before = eventCount();
        assertProblem(post(ADMIN, "/api/clients/" + clientId + "/therapists", """
                {"therapistId":"auditor"}"""), 400, "validation-error");
        assertProblem(post(ADMIN, "/api/clients/" + clientId + "/therapists", "{}"), 400, "validation-error");
        assertProblem(post(THERAPIST_A, "/api/clients/" + clientId + "/therapists", """
                {"therapistId":"therapist-b"}"""), 403, "forbidden");
        assertProblem(post(ADMIN, "/api/clients/nobody/therapists", """
                {"therapistId":"therapist-b"}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void recordingInsuranceAnswers200() {
        String clientId = clientWithSciatica();
        assertThat(post(ADMIN, "/api/clients/" + clientId + "/insurance", """
                {"insurerId":"INS-X","policyNumber":"POL-123","consentToShare":true}""").getStatusCode().value())
                .isEqualTo(200);
        assertThat(eventTypes(clientId)).endsWith("InsuranceRecorded");
        long before = eventCount();
        ResponseEntity<String> missing = post(ADMIN, "/api/clients/" + clientId + "/insurance", """
                {"insurerId":"INS-X","policyNumber":"POL-123"}""");
        assertProblem(missing, 400, "validation-error");
        JsonNode error = body(missing).get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("consentToShare");
        assertProblem(post(THERAPIST_A, "/api/clients/" + clientId + "/insurance", """
                {"insurerId":"INS-X","policyNumber":"POL-123","consentToShare":true}"""), 403, "forbidden");
        assertProblem(post(ADMIN, "/api/clients/nobody/insurance", """
                {"insurerId":"INS-X","policyNumber":"POL-123","consentToShare":true}"""), 404, "not-found");
        assertThat(eventCount()).isEqualTo(before);
    }
}
