package com.precautionfirst.command.web;

import static com.precautionfirst.testsupport.AuthorizationMatrix.ADMIN;
import static com.precautionfirst.testsupport.AuthorizationMatrix.ANONYMOUS;
import static com.precautionfirst.testsupport.AuthorizationMatrix.AUDITOR;
import static com.precautionfirst.testsupport.AuthorizationMatrix.INSURER_X;
import static com.precautionfirst.testsupport.AuthorizationMatrix.THERAPIST_A;
import static com.precautionfirst.testsupport.AuthorizationMatrix.THERAPIST_B;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.command.user.UserDirectoryTable;
import com.precautionfirst.testsupport.AuthorizationMatrix;
import com.precautionfirst.testsupport.OpenApiDocument;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Issue 10: every operation of the OpenAPI document (the commands and {@code GET /api/me}), called by every demo user and anonymously, answers as the table
 * below says (README "Endpoints"): the listed users get past every check, every other user gets 403, an anonymous
 * caller 401. A command the table does not list fails the test, so a new one cannot slip in unreviewed.
 * The path variables are real: a client assigned to therapist-a, an open session of therapist-a, therapist-a's own
 * account (password) and a fresh account (deactivation).
 */
class CommandAuthorizationMatrixTest extends HttpTestSupport {

    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            entry("POST /api/clients", Set.of(ADMIN)),
            entry("POST /api/clients/{clientId}/conditions", Set.of(ADMIN, THERAPIST_A)),
            entry("POST /api/clients/{clientId}/conditions/{conditionId}/resolution", Set.of(ADMIN)),
            entry("POST /api/clients/{clientId}/clearances", Set.of(ADMIN)),
            entry("POST /api/clients/{clientId}/clearances/{clearanceId}/revocation", Set.of(ADMIN)),
            entry("POST /api/clients/{clientId}/therapists", Set.of(ADMIN)),
            entry("POST /api/clients/{clientId}/insurance", Set.of(ADMIN)),
            entry("POST /api/sessions", Set.of(THERAPIST_A)),
            entry("POST /api/sessions/{sessionId}/pressure", Set.of(THERAPIST_A)),
            entry("POST /api/sessions/{sessionId}/techniques", Set.of(THERAPIST_A)),
            entry("POST /api/sessions/{sessionId}/responses", Set.of(THERAPIST_A)),
            entry("POST /api/sessions/{sessionId}/end", Set.of(THERAPIST_A)),
            entry("POST /api/sessions/{sessionId}/early-stop", Set.of(THERAPIST_A)),
            entry("POST /api/sessions/{sessionId}/amendments", Set.of(THERAPIST_A)),
            entry("POST /api/users", Set.of(ADMIN)),
            entry("POST /api/users/{userId}/password", Set.of(ADMIN, THERAPIST_A)),
            entry("POST /api/users/{userId}/deactivation", Set.of(ADMIN)),
            entry("GET /api/me", Set.of(ADMIN, THERAPIST_A, THERAPIST_B, AUDITOR, INSURER_X)));

    @Autowired
    UserDirectoryTable directory;
    @Autowired
    PasswordEncoder passwords;

    private String clientId;

    /** A valid body for each command, with fresh ids where the command creates something. */
    private final Map<String, Supplier<String>> bodies = Map.ofEntries(
            entry("POST /api/clients", () -> """
                    {"name":"Maria Keller","dateOfBirth":"1978-04-12"}"""),
            entry("POST /api/clients/{clientId}/conditions", () -> """
                    {"icd10Code":"G57.01","description":"piriformis syndrome"}"""),
            entry("POST /api/clients/{clientId}/conditions/{conditionId}/resolution", () -> """
                    {"note":"no symptoms for six months"}"""),
            entry("POST /api/clients/{clientId}/clearances", () -> clearanceBody(unique("clearance"))),
            entry("POST /api/clients/{clientId}/clearances/{clearanceId}/revocation", () -> """
                    {"reason":"new MRI findings"}"""),
            entry("POST /api/clients/{clientId}/therapists", () -> """
                    {"therapistId":"therapist-a"}"""),
            entry("POST /api/clients/{clientId}/insurance", () -> """
                    {"insurerId":"INS-X","policyNumber":"POL-2231","consentToShare":true}"""),
            entry("POST /api/sessions", () -> """
                    {"clientId":"%s","plannedAreas":["LOWER_BACK"]}""".formatted(clientId)),
            entry("POST /api/sessions/{sessionId}/pressure", () -> """
                    {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}"""),
            entry("POST /api/sessions/{sessionId}/techniques", () -> """
                    {"area":"LOWER_BACK","technique":"LIGHT_STROKING"}"""),
            entry("POST /api/sessions/{sessionId}/responses", () -> """
                    {"area":"LOWER_BACK","sensitivity":3,"radiatingPain":false}"""),
            entry("POST /api/sessions/{sessionId}/end", () -> """
                    {"outcome":"COMPLETED"}"""),
            entry("POST /api/sessions/{sessionId}/early-stop", () -> """
                    {"reason":"client felt dizzy"}"""),
            entry("POST /api/sessions/{sessionId}/amendments", () -> """
                    {"entrySequence":0,"correction":"planned the buttocks too","reason":"typing error"}"""),
            entry("POST /api/users", () -> """
                    {"userId":"%s","role":"THERAPIST","password":"a long secret of carols"}""".formatted(unique("carol"))),
            entry("POST /api/users/{userId}/password", () -> """
                    {"password":"a brand new secret"}"""),
            entry("POST /api/users/{userId}/deactivation", () -> """
                    {"reason":"left the clinic"}"""));

    @Test
    void everyCommandOfTheDocumentAnswersEveryCallerAsTheTableSays() {
        OpenApiDocument document = OpenApiDocument.parse(rest.getForObject("/v3/api-docs", String.class));
        clientId = clearedClient();
        String sessionId = openSession(clientId);
        String leaver = unique("leaver");
        assertThat(post(ADMIN, "/api/users", """
                {"userId":"%s","role":"THERAPIST","password":"a long secret of his"}""".formatted(leaver))
                .getStatusCode().value()).isEqualTo(201);
        Map<String, String> variables = Map.of("{clientId}", clientId, "{sessionId}", sessionId,
                "{conditionId}", "sciatica", "{clearanceId}", "clearance-1");

        assertThat(AuthorizationMatrix.differences(document.operations(), ALLOWED, (operation, caller) -> {
            String path = operation.substring(operation.indexOf(' ') + 1)
                    .replace("{userId}", operation.endsWith("/deactivation") ? leaver : THERAPIST_A);
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                path = path.replace(variable.getKey(), variable.getValue());
            }
            String user = caller.equals(ANONYMOUS) ? null : caller;
            int status = (operation.startsWith("GET ") ? get(user, path) : post(user, path, bodies.get(operation).get()))
                    .getStatusCode().value();
            if (operation.endsWith("/password")) {
                directory.setPasswordHash(THERAPIST_A, passwords.encode(PASSWORD));
            }
            return status;
        })).isEmpty();
    }
}
