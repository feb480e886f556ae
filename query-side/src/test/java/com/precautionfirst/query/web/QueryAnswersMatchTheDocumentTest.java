package com.precautionfirst.query.web;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static com.precautionfirst.api.vocabulary.Technique.LIGHT_STROKING;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.events.UserAccountCreated;
import com.precautionfirst.api.events.UserAccountDeactivated;
import com.precautionfirst.api.events.UserPasswordChanged;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import com.precautionfirst.query.log.CheckpointIssuer;
import com.precautionfirst.testsupport.OpenApiDocument;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 10: the OpenAPI document tells the truth. Real answers of a realistic record (sessions ended, stopped,
 * open and without clearance; a revoked clearance; a refusal; an amendment; a removed event), successes and
 * problems, are held against the query side's own /v3/api-docs: the status is documented for the operation, the
 * content type too, and the body matches the documented schema, nulls included.
 */
class QueryAnswersMatchTheDocumentTest extends QuerySideIntegrationTest {

    @LocalServerPort
    int port;
    private OpenApiDocument document;
    @Autowired
    CheckpointIssuer issuer;
    private final List<String> untrue = new ArrayList<>();
    private final Set<String> answered = new TreeSet<>();

    @BeforeEach
    void readTheDocument() {
        document = OpenApiDocument.parse(get(null, "/v3/api-docs").body());
    }

    @Test
    void everyReadOfARealisticRecordMatchesItsDocumentedSchema() {
        String client = unique("maria");
        Instant beforeTheClient = Instant.now().minusSeconds(1);
        ClientStory story = story().realisticClient(client).insured(client).sessionRefused(client)
                .clearance(client, "clr-old", LocalDate.of(2020, 1, 1), LocalDate.of(2099, 12, 31))
                .revoked(client, "clr-old");
        String ended = client + "-ended";
        story.session(client, ended).pressure(LOWER_BACK, 1).technique(LOWER_BACK, LIGHT_STROKING)
                .response(PIRIFORMIS, 7, true).blockedPressure(LOWER_BACK, 4).amend(1, "pressure was 2").ended();
        String stopped = client + "-stopped";
        story.session(client, stopped).pressure(PIRIFORMIS, 1).stoppedEarly();
        String open = client + "-open";
        story.session(client, open);
        String uncleared = client + "-uncleared";
        story.session(client, uncleared, null, Restrictions.NONE, Instant.now());
        String history = "/api/clients/" + client + "/history";
        String carol = unique("carol");
        publish("UserAccount", "user:" + carol, 0, new UserAccountCreated(carol, Role.THERAPIST, null),
                "admin", "CLINIC_ADMIN");
        String insurer = unique("insurer");
        publish("UserAccount", "user:" + insurer, 0, new UserAccountCreated(insurer, Role.INSURER, "INS-Y"),
                "admin", "CLINIC_ADMIN");
        publish("UserAccount", "user:" + insurer, 1, new UserPasswordChanged(insurer), insurer, "INSURER");
        publish("UserAccount", "user:" + insurer, 2, new UserAccountDeactivated(insurer, "contract ended"),
                "admin", "CLINIC_ADMIN");

        expect(200, "GET /api/clients/{clientId}/history", "therapist-a", history);
        expect(200, "GET /api/clients/{clientId}/history", "admin", history + "?asOf=" + Instant.now());
        for (String session : List.of(ended, stopped, open, uncleared)) {
            expect(200, "GET /api/sessions/{sessionId}", "therapist-a", "/api/sessions/" + session);
        }
        expect(200, "GET /api/precautions", "auditor", "/api/precautions?size=200");
        expect(200, "GET /api/precautions", "therapist-a", "/api/precautions?status=FLAGGED&from=2020-01-01");
        expect(200, "GET /api/clients/{clientId}/audit-trail", "auditor", "/api/clients/" + client + "/audit-trail");
        expect(200, "GET /api/clients/{clientId}/audit-trail/verification", "admin",
                "/api/clients/" + client + "/audit-trail/verification");
        expect(404, "GET /api/sessions/{sessionId}", "auditor", "/api/sessions/no-session");
        expect(200, "GET /api/access-log", "auditor", "/api/access-log?from=" + beforeTheClient);
        expect(200, "GET /api/access-log/verification", "admin", "/api/access-log/verification");
        expect(200, "GET /api/users", "admin", "/api/users");
        expect(200, "GET /api/me", "insurer-x", "/api/me");
        expect(200, "GET /api/me", "therapist-a", "/api/me");
        long size = issuer.issue().orElseThrow().treeSize();
        expect(200, "GET /api/checkpoints/latest", "insurer-x", "/api/checkpoints/latest");
        expect(200, "GET /api/checkpoints/public-key", "auditor", "/api/checkpoints/public-key");
        expect(200, "GET /api/checkpoints/consistency", "admin", "/api/checkpoints/consistency?from=1&to=" + size);
        expect(200, "GET /api/checkpoints/inclusion", "insurer-x", "/api/checkpoints/inclusion?eventId="
                + firstEventOf(client) + "&treeSize=" + size);
        expect(200, "GET /api/log/verification", "auditor", "/api/log/verification");
        expect(200, "GET /api/admin/dead-letters", "admin", "/api/admin/dead-letters");
        String export = "/api/exports?insurerId=INS-X&from=" + beforeTheClient + "&to="
                + Instant.now().plusSeconds(3600) + "&format=json";
        expect(200, "GET /api/exports", "insurer-x", export);
        assertThat(read("insurer-x", export).body()).contains("\"clientId\":\"" + client + "\"");
        check(200, "POST /api/exports/verify", post("insurer-x", "/api/exports/verify",
                read("insurer-x", export).body()));
        String csv = export.replace("format=json", "format=csv");
        expect(200, "GET /api/exports", "insurer-x", csv);
        check(200, "POST /api/exports/verify", post("insurer-x", "/api/exports/verify", read("insurer-x", csv).body()));
        String fhir = export.replace("format=json", "format=fhir");
        expect(200, "GET /api/exports", "insurer-x", fhir);
        assertThat(read("insurer-x", fhir).headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/fhir+json");
        check(200, "POST /api/exports/verify", post("insurer-x", "/api/exports/verify", read("insurer-x", fhir).body()));

        assertThat(untrue).isEmpty();
        assertThat(answered).as("every read of the document was answered")
                .containsAll(document.operations().stream().filter(o -> o.startsWith("GET ")).toList());
    }

    @Test
    void aTrailWithAnEventRemovedFromTheStoreMatchesItsDocumentedSchema() {
        String client = unique("maria");
        story().realisticClient(client);
        expect(200, "GET /api/clients/{clientId}/audit-trail", "auditor", "/api/clients/" + client + "/audit-trail");
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3", client);

        expect(200, "GET /api/clients/{clientId}/audit-trail", "auditor", "/api/clients/" + client + "/audit-trail");
        expect(200, "GET /api/clients/{clientId}/audit-trail/verification", "auditor",
                "/api/clients/" + client + "/audit-trail/verification");
        assertThat(untrue).isEmpty();
    }

    @Test
    void refusedUnknownAndInvalidReadsAreDocumentedProblems() {
        String client = unique("maria");
        String session = client + "-s1";
        story().realisticClient(client).session(client, session).pressure(LOWER_BACK, 1);
        String history = "/api/clients/" + client + "/history";

        expect(401, "GET /api/clients/{clientId}/history", null, history);
        expect(403, "GET /api/clients/{clientId}/history", "therapist-b", history);
        expect(403, "GET /api/clients/{clientId}/history", "insurer-x", history);
        expect(404, "GET /api/clients/{clientId}/history", "admin", "/api/clients/nobody/history");
        expect(404, "GET /api/clients/{clientId}/history", "admin", history + "?asOf=2001-01-01T00:00:00Z");
        expect(400, "GET /api/clients/{clientId}/history", "admin", history + "?asOf=noon");
        expect(403, "GET /api/sessions/{sessionId}", "therapist-b", "/api/sessions/" + session);
        expect(404, "GET /api/sessions/{sessionId}", "auditor", "/api/sessions/no-session");
        expect(400, "GET /api/precautions", "auditor", "/api/precautions?status=BOGUS");
        expect(403, "GET /api/precautions", "therapist-a", "/api/precautions?therapistId=therapist-b");
        expect(401, "GET /api/precautions", null, "/api/precautions");
        expect(403, "GET /api/clients/{clientId}/audit-trail", "therapist-a", "/api/clients/" + client + "/audit-trail");
        expect(404, "GET /api/clients/{clientId}/audit-trail", "auditor", "/api/clients/nobody/audit-trail");
        expect(403, "GET /api/clients/{clientId}/audit-trail/verification", "therapist-a",
                "/api/clients/" + client + "/audit-trail/verification");
        expect(403, "GET /api/access-log", "admin", "/api/access-log");
        expect(400, "GET /api/access-log", "auditor", "/api/access-log?to=soon");
        expect(403, "GET /api/access-log/verification", "therapist-a", "/api/access-log/verification");
        expect(403, "GET /api/users", "auditor", "/api/users");
        String export = "/api/exports?insurerId=INS-Y&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&format=json";
        expect(400, "GET /api/exports", "auditor", "/api/exports?insurerId=INS-X&format=csv");
        expect(403, "GET /api/exports", "insurer-x", export);
        expect(403, "GET /api/exports", "therapist-a", export);
        expect(401, "GET /api/exports", null, export);
        check(200, "POST /api/exports/verify", post("auditor", "/api/exports/verify", "{\"export\": 1}"));
        check(403, "POST /api/exports/verify", post("therapist-a", "/api/exports/verify", "{}"));
        check(415, "POST /api/exports/verify", post("admin", "/api/exports/verify", "text/plain", "{}"));
        assertThat(untrue).isEmpty();

        HttpResponse<String> badPosition = get("admin", history, "X-Event-Position", "latest");
        check(400, "GET /api/clients/{clientId}/history", badPosition);
        assertThat(untrue).isEmpty();
    }

    @Test
    void theSignedLogsRefusalsAndKeptCheckpointsAreDocumented() {
        String client = unique("maria");
        story().realisticClient(client);
        read("auditor", "/api/log/verification");
        String latest = JSON.valueToTree(issuer.issue().orElseThrow()).toString();
        long size = json(latest).path("treeSize").asLong();

        expect(400, "GET /api/checkpoints/consistency", "auditor", "/api/checkpoints/consistency?from=3&to=2");
        expect(400, "GET /api/checkpoints/consistency", "auditor", "/api/checkpoints/consistency?from=1&to="
                + (size + 1));
        expect(400, "GET /api/checkpoints/consistency", "auditor", "/api/checkpoints/consistency?from=one&to=2");
        expect(404, "GET /api/checkpoints/inclusion", "insurer-x", "/api/checkpoints/inclusion?eventId=no-such-event");
        expect(400, "GET /api/checkpoints/inclusion", "insurer-x", "/api/checkpoints/inclusion?eventId="
                + firstEventOf(client) + "&treeSize=1");
        expect(404, "GET /api/checkpoints/public-key", "auditor", "/api/checkpoints/public-key?keyId=" + "0".repeat(64));
        expect(403, "GET /api/checkpoints/latest", "therapist-a", "/api/checkpoints/latest");
        expect(403, "GET /api/log/verification", "insurer-x", "/api/log/verification");
        expect(401, "GET /api/checkpoints/latest", null, "/api/checkpoints/latest");
        check(200, "POST /api/log/verification", post("auditor", "/api/log/verification",
                "{\"checkpoints\": [" + latest + "]}"));
        check(400, "POST /api/log/verification", post("auditor", "/api/log/verification", "{\"checkpoints\": []}"));
        check(403, "POST /api/log/verification", post("insurer-x", "/api/log/verification",
                "{\"checkpoints\": [" + latest + "]}"));
        check(415, "POST /api/log/verification", post("admin", "/api/log/verification", "text/plain", latest));
        assertThat(untrue).isEmpty();
    }

    @Test
    void theCheckpointOfFormatV2IsAnsweredAndItsClientMapDocumented() {
        story().realisticClient(unique("maria"));
        issuer.issue();
        expect(200, "GET /api/checkpoints/latest", "auditor", "/api/checkpoints/latest");
        assertThat(untrue).isEmpty();
        assertThat(json(read("auditor", "/api/checkpoints/latest").body()).has("clientMapRoot")).isTrue();

        var schema = json(get(null, "/v3/api-docs").body()).path("components").path("schemas").path("Checkpoint");
        for (String field : List.of("clients", "clientMapRoot")) {
            assertThat(schema.path("properties").path(field).path("description").asText()).as(field)
                    .startsWith("Format v2: ");
            assertThat(schema.path("required").toString()).as("a v1 checkpoint has no %s", field)
                    .doesNotContain("\"" + field + "\"");
        }
    }

    private String firstEventOf(String client) {
        return jdbc.queryForObject("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = 0", String.class, client);
    }

    @Test
    void theRebuildAnswersAsDocumented() {
        check(401, "POST /api/admin/projections/rebuild", post(null, "/api/admin/projections/rebuild"));
        check(403, "POST /api/admin/projections/rebuild", post("auditor", "/api/admin/projections/rebuild"));
        check(415, "POST /api/admin/projections/rebuild",
                post("admin", "/api/admin/projections/rebuild", "text/plain", "rebuild"));
        check(413, "POST /api/admin/projections/rebuild",
                post("admin", "/api/admin/projections/rebuild", "{\"x\":\"" + "x".repeat(70_000) + "\"}"));
        HttpResponse<String> started = post("admin", "/api/admin/projections/rebuild");
        check(202, "POST /api/admin/projections/rebuild", started);
        awaitRebuild(json(started.body()).path("targetPosition").asText());
        assertThat(untrue).isEmpty();
    }

    /** With letters waiting, their list and retry are held against the document by the dead-letter tests. */
    @Test
    void theDeadLettersAnswerAsDocumented() {
        expect(403, "GET /api/admin/dead-letters", "auditor", "/api/admin/dead-letters");
        check(200, "POST /api/admin/dead-letters/retry", post("admin", "/api/admin/dead-letters/retry"));
        check(403, "POST /api/admin/dead-letters/retry", post("therapist-a", "/api/admin/dead-letters/retry"));
        check(415, "POST /api/admin/dead-letters/retry",
                post("admin", "/api/admin/dead-letters/retry", "text/plain", "retry"));
        assertThat(untrue).isEmpty();
    }

    /** From an address of its own (127.0.0.202), so that no other test's logins count against it. */
    @Test
    void aLoginLockedOutAfterFailuresIsADocumentedProblem() throws Exception {
        HttpRequest asAGhost = HttpRequest.newBuilder(URI.create("http://127.0.0.202:" + port + "/api/users"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (unique("ghost") + ":demo").getBytes(StandardCharsets.UTF_8))).build();
        HttpClient http = HttpClient.newHttpClient();
        for (int failure = 0; failure < 5; failure++) {
            check(401, "GET /api/users", http.send(asAGhost, HttpResponse.BodyHandlers.ofString()));
        }
        check(429, "GET /api/users", http.send(asAGhost, HttpResponse.BodyHandlers.ofString()));
        assertThat(untrue).isEmpty();
    }

    private void expect(int status, String operation, String user, String path) {
        check(status, operation, read(user, path));
    }

    /** Expects the status and notes what the document gets wrong about the answer. */
    private void check(int status, String operation, HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(operation + " " + answer.body()).isEqualTo(status);
        untrue.addAll(document.check(operation, new OpenApiDocument.Answer(answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse(null), answer.body(),
                name -> answer.headers().firstValue(name).orElse(null))));
        answered.add(operation);
    }
}
