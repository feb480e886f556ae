package com.precautionfirst.query.web;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingTheRecordOverHttpTest extends QuerySideIntegrationTest {

    @Test
    void theHistoryShowsConditionsClearanceAndEachSessionWithTimelineAndAssessment() {
        String client = unique("maria");
        String session = client + "-s1";
        story().realisticClient(client).insured(client)
                .session(client, session).pressure(LOWER_BACK, 1).pressure(PIRIFORMIS, 2)
                .response(PIRIFORMIS, 7, true).pressure(PIRIFORMIS, 1, PressureReason.CLIENT_SENSITIVITY)
                .blockedPressure(PIRIFORMIS, 5).technique(LOWER_BACK, Technique.KNEADING)
                .amend(2, "piriformis on the right").ended();

        JsonNode history = readJson("admin", "/api/clients/" + client + "/history");

        assertThat(history.path("conditions").findValuesAsText("icd10Code")).containsExactly("M54.16", "G57.01");
        JsonNode clearance = history.path("clearances").get(0);
        assertThat(clearance.path("professional").path("profession").asText()).isEqualTo("PHYSIOTHERAPIST");
        assertThat(clearance.path("damageLocation").asText()).contains("L5-S1");
        assertThat(clearance.path("validUntil").asText()).isEqualTo("2099-12-31");
        assertThat(clearance.path("restrictions").path("prohibitedTechniques").get(0).asText())
                .isEqualTo("DEEP_VIBRATION");
        assertThat(history.path("therapists").get(0).path("therapistId").asText()).isEqualTo("therapist-a");
        assertThat(history.path("insurance").get(0).path("insurerId").asText()).isEqualTo("INS-X");
        JsonNode timeline = history.path("sessions").get(0).path("timeline");
        assertThat(timeline).hasSize(9);
        for (JsonNode entry : timeline) {
            assertThat(entry.has("sequence") && entry.has("type") && entry.has("at") && entry.has("by")
                    && entry.has("role")).as(entry.toString()).isTrue();
        }
        assertThat(timeline.get(5).path("type").asText()).isEqualTo("PrecautionBlocked");
        assertThat(timeline.get(2).path("amendments").get(0).path("correction").asText())
                .isEqualTo("piriformis on the right");
        JsonNode assessment = history.path("sessions").get(0).path("assessment");
        assertThat(assessment.path("overall").asText()).isEqualTo("PRECAUTIONS_MET");
        assertThat(assessment.path("checks").findValuesAsText("check"))
                .containsExactly("CLEARED", "STARTED_LIGHT", "RESPONSIVE", "WITHIN_RESTRICTIONS");
        assertThat(assessment.path("checks").get(3).path("blockedAttempts").asInt()).isEqualTo(1);

        JsonNode sessionAnswer = readJson("admin", "/api/sessions/" + session);
        assertThat(sessionAnswer).isEqualTo(history.path("sessions").get(0));
    }

    @Test
    void thePrecautionListingFiltersByAssessmentAndPagesInStartOrder() {
        String client = unique("tom");
        ClientStory story = story().registered(client);
        Instant day = Instant.parse("1990-03-01T10:00:00Z");
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String session = client + "-s" + i;
            sessions.add(session);
            story.session(client, session, null, Restrictions.NONE, day.plusSeconds(60L * i))
                    .pressure(LOWER_BACK, i == 1 ? 4 : 1).ended();
        }

        JsonNode all = readJson("auditor", "/api/precautions?from=1990-03-01&to=1990-03-01&size=2");
        assertThat(all.path("total").asLong()).isEqualTo(3);
        assertThat(all.path("items").findValuesAsText("sessionId")).containsExactly(sessions.get(0), sessions.get(1));
        JsonNode second = readJson("auditor", "/api/precautions?from=1990-03-01&to=1990-03-01&size=2&page=1");
        assertThat(second.path("items").findValuesAsText("sessionId")).containsExactly(sessions.get(2));

        JsonNode flagged = readJson("admin", "/api/precautions?status=FLAGGED&from=1990-03-01T00:00:00Z"
                + "&to=1990-03-02T00:00:00Z&therapistId=therapist-a");
        assertThat(flagged.path("total").asLong()).isEqualTo(1);
        assertThat(flagged.path("items").get(0).path("sessionId").asText()).isEqualTo(sessions.get(1));
        assertThat(flagged.path("items").get(0).path("assessment").path("overall").asText()).isEqualTo("FLAGGED");
    }

    @Test
    void badParametersAreRejectedNamingTheField() {
        String client = unique("ana");
        story().registered(client);

        assertBadRequest(read("auditor", "/api/precautions?status=MAYBE"), "status");
        assertBadRequest(read("auditor", "/api/precautions?from=yesterday"), "from");
        assertBadRequest(read("auditor", "/api/precautions?size=0"), "size");
        assertBadRequest(read("auditor", "/api/precautions?page=-1"), "page");
        assertBadRequest(read("admin", "/api/clients/" + client + "/history?asOf=noon"), "asOf");
        assertBadRequest(read("admin", "/api/clients/" + client + "/history?asOf=2999-01-01T00:00:00Z"), "asOf");
        assertBadRequest(get("admin", "/api/clients/" + client + "/history", "X-Event-Position", "latest"),
                "X-Event-Position");
        assertBadRequest(read("auditor", "/api/access-log?to=soon"), "to");
    }

    @Test
    void anUnknownClientOrSessionIsNotFound() {
        assertThat(read("admin", "/api/clients/nobody/history").statusCode()).isEqualTo(404);
        assertThat(read("admin", "/api/sessions/no-session").statusCode()).isEqualTo(404);
        assertThat(read("auditor", "/api/clients/nobody/audit-trail").statusCode()).isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentDescribesTheQueryEndpointsAndTheRecordsShape() {
        JsonNode api = json(get(null, "/v3/api-docs").body());

        assertThat(api.path("paths").fieldNames()).toIterable().contains("/api/clients/{clientId}/history",
                "/api/sessions/{sessionId}", "/api/precautions", "/api/clients/{clientId}/audit-trail",
                "/api/clients/{clientId}/audit-trail/verification", "/api/access-log",
                "/api/admin/projections/rebuild");
        assertThat(api.path("components").path("schemas").path("SessionView").path("properties").has("assessment"))
                .isTrue();
    }

    private static void assertBadRequest(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response.body()).path("errors").findValuesAsText("field")).containsExactly(field);
    }
}
