package com.precautionfirst.query.access;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.QuerySideIntegrationTest;
import com.precautionfirst.support.access.Access;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every read that answers a client's data is logged per client, listings included; every refused read is logged,
 * however long its request; the outcome says what happened; and no data is answered whose read was not logged.
 */
class TheAccessLogIsCompleteTest extends QuerySideIntegrationTest {

    @Test
    void aListingLogsEveryClientWhoseSessionsItAnswers() {
        Instant since = Instant.now();
        String maria = unique("maria");
        String tom = unique("tom");
        story().realisticClient(maria).session(maria, maria + "-s1").pressure(LOWER_BACK, 1).ended()
                .story().session(maria, maria + "-s2").ended();
        story().realisticClient(tom).session(tom, tom + "-s1").ended();
        String listing = "/api/precautions?from=" + since + "&size=200";

        JsonNode page = readJson("auditor", listing);
        readJson("therapist-a", listing);
        readJson("therapist-b", listing);

        Set<String> answered = new LinkedHashSet<>(page.path("items").findValuesAsText("clientId"));
        assertThat(answered).containsExactly(maria, tom);
        assertThat(entries(since, "GET " + listing)).extracting(e -> e.path("userId").asText() + " "
                        + e.path("clientId").asText() + " " + e.path("outcome").asText())
                .containsExactly("auditor " + maria + " ALLOWED", "auditor " + tom + " ALLOWED",
                        "therapist-a " + maria + " ALLOWED", "therapist-a " + tom + " ALLOWED");
    }

    @Test
    void aRefusedReadWithAHugeQueryStringIsAnsweredAndLoggedCutToFit() {
        String client = unique("maria");
        story().realisticClient(client);
        Instant since = Instant.now();
        String path = "/api/clients/" + client + "/history?pad=" + "x".repeat(2000);

        HttpResponse<String> byAssignment = read("therapist-b", path);
        HttpResponse<String> byRole = read("insurer-x", path);
        HttpResponse<String> longId = read("admin", "/api/clients/" + "c".repeat(300) + "/history");

        assertThat(byAssignment.statusCode()).isEqualTo(403);
        assertThat(byRole.statusCode()).isEqualTo(403);
        assertThat(longId.statusCode()).isEqualTo(404);
        List<JsonNode> refused = entries(since, "GET /api/clients/" + client + "/history?pad=");
        assertThat(refused).extracting(e -> e.path("userId").asText() + " " + e.path("outcome").asText())
                .containsExactly("therapist-b REFUSED", "insurer-x REFUSED");
        assertThat(refused).allSatisfy(e -> {
            assertThat(e.path("clientId").asText()).isEqualTo(client);
            assertThat(e.path("endpoint").asText()).hasSize(1024).endsWith(Access.TRUNCATED)
                    .startsWith("GET /api/clients/" + client + "/history?pad=xxxx");
        });
        assertThat(entries(since, "GET /api/clients/ccc")).singleElement().satisfies(e -> {
            assertThat(e.path("clientId").asText()).hasSize(255).endsWith(Access.TRUNCATED);
            assertThat(e.path("outcome").asText()).isEqualTo("NOT_FOUND");
        });
    }

    @Test
    void aRecordAsOfBeforeTheClientExistedIsLoggedAsNotFound() {
        Instant before = Instant.now().minusSeconds(1);
        String client = unique("maria");
        story().realisticClient(client);
        Instant since = Instant.now();

        assertThat(read("admin", "/api/clients/" + client + "/history?asOf=" + before).statusCode()).isEqualTo(404);
        assertThat(read("admin", "/api/clients/" + client + "/history?asOf=" + since).statusCode()).isEqualTo(200);

        assertThat(entries(since, "GET /api/clients/" + client + "/history?asOf="))
                .extracting(e -> e.path("outcome").asText()).containsExactly("NOT_FOUND", "ALLOWED");
    }

    @Test
    void aSessionReadNamesTheSessionAndItsClient() {
        String client = unique("maria");
        String session = client + "-s1";
        story().realisticClient(client).session(client, session).ended();
        Instant since = Instant.now();

        assertThat(read("therapist-a", "/api/sessions/" + session).statusCode()).isEqualTo(200);
        assertThat(read("insurer-x", "/api/sessions/" + session).statusCode()).isEqualTo(403);

        assertThat(entries(since, "GET /api/sessions/" + session)).extracting(e -> e.path("sessionId").asText() + " "
                        + e.path("clientId").asText() + " " + e.path("outcome").asText())
                .containsExactly(session + " " + client + " ALLOWED", session + " " + client + " REFUSED");
    }

    @Test
    void noRecordIsAnsweredWhenItsReadCannotBeLogged() {
        String client = unique("maria");
        story().realisticClient(client).session(client, client + "-s1").ended();
        Instant since = Instant.now();
        read("admin", "/api/clients/" + client + "/history");
        jdbc.execute("ALTER TABLE access_log_head RENAME TO access_log_head_away");
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            answers.add(read("admin", "/api/clients/" + client + "/history"));
            answers.add(read("admin", "/api/sessions/" + client + "-s1"));
            answers.add(read("auditor", "/api/precautions?from=" + since.minusSeconds(60)));
            answers.add(read("therapist-b", "/api/clients/" + client + "/history"));
        } finally {
            jdbc.execute("ALTER TABLE access_log_head_away RENAME TO access_log_head");
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(answer.body()).contains("access-log-unavailable").doesNotContain("timeline", "assessment", "Dr. ");
        });
        assertThat(readJson("auditor", "/api/access-log/verification").path("valid").asBoolean()).isTrue();
    }

    /** The access-log entries since {@code since} whose endpoint starts with {@code endpoint}, in order. */
    private List<JsonNode> entries(Instant since, String endpoint) {
        List<JsonNode> entries = new ArrayList<>();
        readJson("auditor", "/api/access-log?size=200&from=" + since).path("entries").forEach(e -> {
            if (e.path("endpoint").asText().startsWith(endpoint)) {
                entries.add(e);
            }
        });
        return entries;
    }
}
