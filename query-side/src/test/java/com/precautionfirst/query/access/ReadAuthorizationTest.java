package com.precautionfirst.query.access;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every query endpoint against every role: 401, 403 by role, 403 by assignment, and the access log of it. */
class ReadAuthorizationTest extends QuerySideIntegrationTest {

    private String client;
    private String session;

    @BeforeEach
    void mariaWithTherapistA() {
        client = unique("maria");
        session = client + "-s1";
        story().realisticClient(client).session(client, session).pressure(LOWER_BACK, 1).ended();
        assertThat(read("admin", "/api/sessions/" + session).statusCode()).isEqualTo(200);
    }

    private List<String> recordEndpoints() {
        return List.of("/api/clients/" + client + "/history",
                "/api/clients/" + client + "/history?asOf=" + Instant.now(),
                "/api/sessions/" + session,
                "/api/clients/" + client + "/audit-trail",
                "/api/clients/" + client + "/audit-trail/verification");
    }

    private List<String> allReadEndpoints() {
        List<String> all = new ArrayList<>(recordEndpoints());
        all.add("/api/precautions");
        all.add("/api/access-log");
        return all;
    }

    @Test
    void withoutCredentialsEveryEndpointAnswers401() {
        for (String path : allReadEndpoints()) {
            assertThat(get(null, path).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(post(null, "/api/admin/projections/rebuild").statusCode()).isEqualTo(401);
    }

    @Test
    void anInsurerReadsNoRecordHereAndEachRefusalIsLogged() {
        Instant since = Instant.now();
        for (String path : allReadEndpoints()) {
            HttpResponse<String> answer = get("insurer-x", path);
            assertThat(answer.statusCode()).as(path).isEqualTo(403);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(post("insurer-x", "/api/admin/projections/rebuild").statusCode()).isEqualTo(403);

        List<JsonNode> logged = accessLogOf(since);
        assertThat(logged).hasSize(recordEndpoints().size());
        assertThat(logged).allSatisfy(entry -> {
            assertThat(entry.path("userId").asText()).isEqualTo("insurer-x");
            assertThat(entry.path("role").asText()).isEqualTo("INSURER");
            assertThat(entry.path("outcome").asText()).isEqualTo("REFUSED");
        });
        assertThat(logged.get(2).path("endpoint").asText()).isEqualTo("GET /api/sessions/" + session);
    }

    @Test
    void theAssignedTherapistReadsTheRecordButNotTheAuditTrail() {
        List<String> records = recordEndpoints();
        for (String path : records.subList(0, 3)) {
            assertThat(read("therapist-a", path).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : records.subList(3, 5)) {
            assertThat(read("therapist-a", path).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(readJson("therapist-a", "/api/precautions?size=200").path("items").findValuesAsText("therapistId"))
                .containsOnly("therapist-a");
        assertThat(read("therapist-a", "/api/access-log").statusCode()).isEqualTo(403);
        assertThat(post("therapist-a", "/api/admin/projections/rebuild").statusCode()).isEqualTo(403);
    }

    @Test
    void anUnassignedTherapistIsRefusedAndTheRefusalIsLogged() {
        Instant since = Instant.now();
        assertThat(read("therapist-b", "/api/clients/" + client + "/history").statusCode()).isEqualTo(403);
        assertThat(read("therapist-b", "/api/clients/" + client + "/history?asOf=" + Instant.now()).statusCode())
                .isEqualTo(403);
        assertThat(read("therapist-b", "/api/sessions/" + session).statusCode()).isEqualTo(403);
        assertThat(read("therapist-b", "/api/precautions?therapistId=therapist-a").statusCode()).isEqualTo(403);
        assertThat(readJson("therapist-b", "/api/precautions").path("items").findValuesAsText("sessionId"))
                .doesNotContain(session);

        List<JsonNode> logged = accessLogOf(since);
        assertThat(logged).hasSize(3).allSatisfy(entry -> {
            assertThat(entry.path("userId").asText()).isEqualTo("therapist-b");
            assertThat(entry.path("outcome").asText()).isEqualTo("REFUSED");
        });
    }

    @Test
    void theAuditorAndTheAdministratorReadEveryRecord() {
        for (String path : allReadEndpoints()) {
            assertThat(read("auditor", path).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : recordEndpoints()) {
            assertThat(read("admin", path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(read("admin", "/api/precautions").statusCode()).isEqualTo(200);
        assertThat(read("admin", "/api/access-log").statusCode()).isEqualTo(403);
        assertThat(post("auditor", "/api/admin/projections/rebuild").statusCode()).isEqualTo(403);
    }

    @Test
    void theAccessLogSaysWhoReadWhichRecordWhenThroughWhichEndpointAndWithWhatOutcome() {
        Instant since = Instant.now();
        read("admin", "/api/clients/" + client + "/history");
        read("auditor", "/api/clients/" + client + "/audit-trail/verification");
        read("therapist-b", "/api/sessions/" + session);
        read("admin", "/api/clients/" + client + "-unknown/history");
        Instant until = Instant.now();

        List<JsonNode> logged = accessLog(since, until);

        assertThat(logged).extracting(e -> e.path("userId").asText() + " " + e.path("role").asText() + " "
                        + e.path("clientId").asText() + " " + e.path("endpoint").asText() + " "
                        + e.path("outcome").asText())
                .containsExactly(
                        "admin CLINIC_ADMIN " + client + " GET /api/clients/" + client + "/history ALLOWED",
                        "auditor AUDITOR " + client + " GET /api/clients/" + client
                                + "/audit-trail/verification ALLOWED",
                        "therapist-b THERAPIST " + client + " GET /api/sessions/" + session + " REFUSED",
                        "admin CLINIC_ADMIN " + client + "-unknown GET /api/clients/" + client
                                + "-unknown/history NOT_FOUND");
        assertThat(logged).allSatisfy(e -> assertThat(Instant.parse(e.path("at").asText()))
                .isBetween(since, until));
        assertThat(accessLog(until, Instant.now().plusSeconds(1))).isEmpty();
    }

    private List<JsonNode> accessLogOf(Instant since) {
        return accessLog(since, Instant.now().plusSeconds(1)).stream()
                .filter(e -> e.path("clientId").asText().startsWith(client)).toList();
    }

    private List<JsonNode> accessLog(Instant from, Instant to) {
        List<JsonNode> entries = new ArrayList<>();
        readJson("auditor", "/api/access-log?size=200&from=" + from + "&to=" + to).path("entries")
                .forEach(entries::add);
        return entries;
    }
}
