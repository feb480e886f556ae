package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.command.pipeline.CommandRunner;
import com.precautionfirst.testsupport.OpenApiDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * Issue 10: the OpenAPI document tells the truth. Real answers of a realistic scenario, successes and problems,
 * are held against the command side's own /v3/api-docs: the status is documented for the operation, the content
 * type too, the body matches the documented schema, and documented required headers (X-Event-Position) are there.
 */
class CommandAnswersMatchTheDocumentTest extends HttpTestSupport {

    private OpenApiDocument document;
    private final List<String> untrue = new ArrayList<>();
    private final Set<String> answered = new TreeSet<>();

    @BeforeEach
    void readTheDocument() {
        document = OpenApiDocument.parse(rest.getForObject("/v3/api-docs", String.class));
    }

    @Test
    void everyCommandsSuccessMatchesItsDocumentedStatusBodyAndHeaders() {
        String userId = unique("carol");
        send(201, "POST /api/users", ADMIN, "/api/users", """
                {"userId":"%s","role":"THERAPIST","password":"a long secret of carols"}""".formatted(userId));
        send(200, "POST /api/users/{userId}/password", ADMIN, "/api/users/" + userId + "/password", """
                {"password":"another long secret"}""");
        send(200, "POST /api/users/{userId}/deactivation", ADMIN, "/api/users/" + userId + "/deactivation", """
                {"reason":"left the clinic"}""");

        String clientId = unique("maria");
        String client = "/api/clients/" + clientId;
        send(201, "POST /api/clients", ADMIN, "/api/clients", """
                {"clientId":"%s","name":"Maria Keller","dateOfBirth":"1978-04-12"}""".formatted(clientId));
        send(200, "POST /api/clients/{clientId}/therapists", ADMIN, client + "/therapists", """
                {"therapistId":"therapist-a"}""");
        send(201, "POST /api/clients/{clientId}/conditions", ADMIN, client + "/conditions", """
                {"conditionId":"sciatica","icd10Code":"M54.16","description":"lumbar radiculopathy",
                 "region":"lower back"}""");
        send(201, "POST /api/clients/{clientId}/clearances", ADMIN, client + "/clearances",
                clearanceBody("clearance-1"));
        send(200, "POST /api/clients/{clientId}/insurance", ADMIN, client + "/insurance", """
                {"insurerId":"INS-X","policyNumber":"POL-2231","consentToShare":true}""");

        String sessionId = unique("s");
        String session = "/api/sessions/" + sessionId;
        send(201, "POST /api/sessions", THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","sessionId":"%s","plannedAreas":["LOWER_BACK","PIRIFORMIS"]}"""
                .formatted(clientId, sessionId));
        send(200, "POST /api/sessions/{sessionId}/pressure", THERAPIST_A, session + "/pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""");
        send(200, "POST /api/sessions/{sessionId}/techniques", THERAPIST_A, session + "/techniques", """
                {"area":"LOWER_BACK","technique":"LIGHT_STROKING"}""");
        send(200, "POST /api/sessions/{sessionId}/responses", THERAPIST_A, session + "/responses", """
                {"area":"PIRIFORMIS","sensitivity":7,"radiatingPain":true,"note":"pain down the left leg"}""");
        send(200, "POST /api/sessions/{sessionId}/end", THERAPIST_A, session + "/end", """
                {"outcome":"MODIFIED","notes":"piriformis pressure lowered"}""");
        send(200, "POST /api/sessions/{sessionId}/amendments", THERAPIST_A, session + "/amendments", """
                {"entrySequence":1,"correction":"pressure was 2","reason":"typing error"}""");

        String stopped = "/api/sessions/" + openSession(clientId);
        send(200, "POST /api/sessions/{sessionId}/early-stop", THERAPIST_A, stopped + "/early-stop", """
                {"reason":"client felt dizzy"}""");
        send(200, "POST /api/clients/{clientId}/clearances/{clearanceId}/revocation", ADMIN,
                client + "/clearances/clearance-1/revocation", """
                {"reason":"new MRI findings"}""");
        send(200, "POST /api/clients/{clientId}/conditions/{conditionId}/resolution", ADMIN,
                client + "/conditions/sciatica/resolution", """
                {"note":"no symptoms for six months"}""");

        send(200, "GET /api/me", "insurer-x", "/api/me", null);

        assertThat(untrue).isEmpty();
        assertThat(answered).as("every operation of the document was answered").isEqualTo(document.operations());
    }

    @Test
    void aSessionStartedWithoutAnyClearanceAnswersANullClearanceId() {
        String clientId = unique("client");
        send(201, "POST /api/clients", ADMIN, "/api/clients", """
                {"clientId":"%s","name":"Tom Berg","dateOfBirth":"1980-02-02"}""".formatted(clientId));
        send(200, "POST /api/clients/{clientId}/therapists", ADMIN, "/api/clients/" + clientId + "/therapists", """
                {"therapistId":"therapist-a"}""");
        ResponseEntity<String> started = send(201, "POST /api/sessions", THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["UPPER_BACK"]}""".formatted(clientId));

        assertThat(body(started).get("clearanceId").isNull()).isTrue();
        assertThat(untrue).isEmpty();
    }

    @Test
    void aRepeatedRequestGetsTheFirstAnswerAsDocumented() {
        String clientId = clientWithSciatica();
        String insurance = """
                {"insurerId":"INS-X","policyNumber":"POL-1","consentToShare":true}""";
        String key = unique("key");
        for (int i = 0; i < 2; i++) {
            send(200, "POST /api/clients/{clientId}/insurance", ADMIN, "/api/clients/" + clientId + "/insurance",
                    insurance, MediaType.APPLICATION_JSON, key);
        }
        send(400, "POST /api/clients/{clientId}/insurance", ADMIN, "/api/clients/" + clientId + "/insurance",
                insurance, MediaType.APPLICATION_JSON, "k".repeat(201));
        assertThat(untrue).isEmpty();
    }

    @Test
    void everyOperationAnswers401AndEveryCommand400413And415AsDocumentedProblems() {
        String tooLarge = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        send(401, "GET /api/me", null, "/api/me", null);
        for (String operation : document.operations()) {
            if (!operation.startsWith("POST ")) {
                continue;
            }
            String path = operation.substring("POST ".length()).replaceAll("\\{[^}]+}", "x");
            send(401, operation, null, path, "{}");
            send(413, operation, ADMIN, path, tooLarge);
            send(400, operation, ADMIN, path, "{}");
            send(400, operation, ADMIN, path, "{\"unknown\":");
            send(415, operation, ADMIN, path, "name=x", MediaType.TEXT_PLAIN, null);
        }
        assertThat(untrue).isEmpty();
    }

    @Test
    void forbiddenUnknownTakenAndRefusedCommandsAreDocumentedProblems() {
        String clientId = clearedClient();
        String sessionId = openSession(clientId);
        send(404, "POST /api/clients/{clientId}/insurance", ADMIN, "/api/clients/nobody/insurance", """
                {"insurerId":"INS-X","policyNumber":"POL-1","consentToShare":true}""");
        send(404, "POST /api/sessions/{sessionId}/pressure", THERAPIST_A, "/api/sessions/no-session/pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""");
        send(404, "POST /api/sessions", THERAPIST_A, "/api/sessions", """
                {"clientId":"nobody","plannedAreas":["LOWER_BACK"]}""");
        send(404, "POST /api/users/{userId}/password", ADMIN, "/api/users/nobody/password", """
                {"password":"a long secret of hers"}""");
        send(409, "POST /api/clients", ADMIN, "/api/clients", """
                {"clientId":"%s","name":"Maria Keller","dateOfBirth":"1978-04-12"}""".formatted(clientId));
        send(409, "POST /api/users", ADMIN, "/api/users", """
                {"userId":"therapist-a","role":"THERAPIST","password":"a long secret of hers"}""");
        send(403, "POST /api/clients", "insurer-x", "/api/clients", """
                {"name":"Maria Keller","dateOfBirth":"1978-04-12"}""");
        send(403, "POST /api/users/{userId}/password", "auditor", "/api/users/therapist-a/password", """
                {"password":"the auditors choice"}""");
        send(403, "POST /api/sessions/{sessionId}/pressure", THERAPIST_B, "/api/sessions/" + sessionId + "/pressure",
                """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""");
        send(403, "POST /api/clients/{clientId}/conditions", THERAPIST_B, "/api/clients/" + clientId + "/conditions",
                """
                {"icd10Code":"G57.01","description":"piriformis syndrome"}""");
        send(422, "POST /api/sessions/{sessionId}/techniques", THERAPIST_A,
                "/api/sessions/" + sessionId + "/techniques", """
                {"area":"LOWER_BACK","technique":"DEEP_VIBRATION"}""");
        String key = unique("key");
        send(200, "POST /api/sessions/{sessionId}/pressure", THERAPIST_A, "/api/sessions/" + sessionId + "/pressure",
                """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""", MediaType.APPLICATION_JSON, key);
        send(422, "POST /api/sessions/{sessionId}/pressure", THERAPIST_A, "/api/sessions/" + sessionId + "/pressure",
                """
                {"area":"LOWER_BACK","level":2,"reason":"THERAPIST_JUDGEMENT"}""", MediaType.APPLICATION_JSON, key);
        assertThat(untrue).isEmpty();
    }

    /** From an address of its own (127.0.0.201), so that no other test's logins count against it. */
    @Test
    void aLoginLockedOutAfterFailuresIsADocumentedProblem() {
        String ghost = unique("ghost");
        String elsewhere = rest.getRootUri().replace("localhost", "127.0.0.201") + "/api/clients";
        for (int failure = 0; failure < 5; failure++) {
            send(401, "POST /api/clients", ghost, elsewhere, "{}");
        }
        send(429, "POST /api/clients", ghost, elsewhere, "{}");
        assertThat(untrue).isEmpty();
    }

    private ResponseEntity<String> send(int status, String operation, String user, String path, String body) {
        return send(status, operation, user, path, body, MediaType.APPLICATION_JSON, null);
    }

    /** Sends the request, expects the status, and notes what the document gets wrong about the answer. */
    private ResponseEntity<String> send(int status, String operation, String user, String path, String body,
                                        MediaType contentType, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(contentType);
        if (idempotencyKey != null) {
            headers.set(CommandRunner.IDEMPOTENCY_HEADER, idempotencyKey);
        }
        TestRestTemplate client = user == null ? rest : rest.withBasicAuth(user, PASSWORD);
        HttpMethod method = HttpMethod.valueOf(operation.substring(0, operation.indexOf(' ')));
        ResponseEntity<String> answer = client.exchange(path, method, new HttpEntity<>(body, headers), String.class);
        assertThat(answer.getStatusCode().value()).as(operation + " " + answer.getBody()).isEqualTo(status);
        MediaType type = answer.getHeaders().getContentType();
        untrue.addAll(document.check(operation, new OpenApiDocument.Answer(status,
                type == null ? null : type.toString(), answer.getBody(), answer.getHeaders()::getFirst)));
        answered.add(operation);
        return answer;
    }
}
