package com.precautionfirst.query.projection;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rebuild replays every event into a new generation of the projections (decision 0056) whose answers are byte for
 * byte the live ones: the live projections are damaged first, so only the rebuilt ones can answer as before. The
 * audit chain is never rebuilt.
 */
class RebuildingTheProjectionsTest extends QuerySideIntegrationTest {

    @BeforeEach
    void noOtherRebuildRuns() throws InterruptedException {
        awaitNoRebuildRunning();
    }

    @Test
    void aFullReplayGivesByteIdenticalAnswers() {
        String client = unique("maria");
        String session = client + "-s1";
        story().realisticClient(client).insured(client).sessionRefused(client)
                .session(client, session, "clr-physio", ClientStory.RESTRICTIONS,
                        Instant.parse("1991-05-05T10:00:00Z"))
                .pressure(LOWER_BACK, 1).response(PIRIFORMIS, 8, true).pressure(PIRIFORMIS, 1)
                .blockedPressure(LOWER_BACK, 4).amend(1, "left side").stoppedEarly();
        Instant asOf = Instant.now();
        List<String> paths = List.of("/api/clients/" + client + "/history", "/api/sessions/" + session,
                "/api/clients/" + client + "/history?asOf=" + asOf, "/api/clients/" + client + "/audit-trail",
                "/api/precautions?from=1991-05-05&to=1991-05-05");
        List<String> before = paths.stream().map(p -> read("admin", p).body()).toList();
        // damage the projections the queries read, so that only a real replay can bring the answers back
        jdbc.update("DELETE FROM session_view WHERE session_id = ? AND " + Generations.ACTIVE, session);
        jdbc.update("UPDATE client_history SET document = ? WHERE client_id = ? AND " + Generations.ACTIVE,
                "{}".getBytes(), client);
        assertThat(read("admin", paths.get(1)).statusCode()).isEqualTo(404);

        HttpResponse<String> rebuild = post("admin", "/api/admin/projections/rebuild");

        assertThat(rebuild.statusCode()).isEqualTo(202);
        JsonNode started = json(rebuild.body());
        assertThat(started.path("processors").toString()).isEqualTo("[\"history\",\"users\"]");
        String position = started.path("targetPosition").asText();
        awaitRebuild(position);
        for (int i = 0; i < paths.size(); i++) {
            HttpResponse<String> after = get("admin", paths.get(i), "X-Event-Position", position);
            assertThat(after.headers().firstValue("X-Projection-Stale")).isEmpty();
            assertThat(after.body()).as(paths.get(i)).isEqualTo(before.get(i));
        }
        assertThat(before.get(4)).contains(session);
    }

    @Test
    void theAuditChainKeepsItsRecordedHashesThroughARebuild() {
        String client = unique("maria");
        story().realisticClient(client);
        String trail = read("auditor", "/api/clients/" + client + "/audit-trail").body();
        Integer recorded = jdbc.queryForObject("SELECT COUNT(*) FROM audit_chain WHERE client_id = ?",
                Integer.class, client);

        String position = json(post("admin", "/api/admin/projections/rebuild").body()).path("targetPosition").asText();

        assertThat(get("auditor", "/api/clients/" + client + "/audit-trail", "X-Event-Position", position).body())
                .isEqualTo(trail);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_chain WHERE client_id = ?", Integer.class,
                client)).isEqualTo(recorded).isEqualTo(5);
    }

}
