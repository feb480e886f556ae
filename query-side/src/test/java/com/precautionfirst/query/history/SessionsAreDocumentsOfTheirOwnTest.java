package com.precautionfirst.query.history;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import com.precautionfirst.query.projection.Generations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What keeps an event's cost from growing with the client's history: the client's stored record holds no
 * session, an event of a session leaves it untouched (not even rewritten), and the history answer lists the
 * sessions, each its own row, in the order they started.
 */
class SessionsAreDocumentsOfTheirOwnTest extends QuerySideIntegrationTest {

    @Test
    void aSessionEventRewritesItsSessionOnlyAndTheAnswerListsSessionsInStartOrder() {
        String client = unique("maria");
        ClientStory story = story().realisticClient(client);
        List<String> sessions = List.of(client + "-z", client + "-a", client + "-m");
        sessions.forEach(s -> story.session(client, s).pressure(LOWER_BACK, 1));
        read("admin", "/api/clients/" + client + "/history");
        Stored recordBefore = storedRecord(client);

        ClientStory.Session second = story.session(client, client + "-b");
        read("admin", "/api/clients/" + client + "/history");
        Stored recordAfterStart = storedRecord(client);
        second.pressure(LOWER_BACK, 2).ended();
        JsonNode history = readJson("admin", "/api/clients/" + client + "/history");

        assertThat(storedRecord(client)).isEqualTo(recordAfterStart).isEqualTo(recordBefore);
        assertThat(recordBefore.document()).doesNotContain("sessions", client + "-z");
        assertThat(history.path("sessions").findValuesAsText("sessionId"))
                .containsExactly(client + "-z", client + "-a", client + "-m", client + "-b");
        assertThat(history.path("sessions").get(3).path("status").asText()).isEqualTo("ENDED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM session_view WHERE client_id = ? AND " + Generations.ACTIVE, Integer.class,
                client)).isEqualTo(4);
    }

    private Stored storedRecord(String client) {
        return jdbc.queryForObject("SELECT document, last_position FROM client_history WHERE client_id = ? AND "
                        + Generations.ACTIVE,
                (rs, i) -> new Stored(new String(rs.getBytes(1), StandardCharsets.UTF_8), rs.getLong(2)), client);
    }

    private record Stored(String document, long lastPosition) {
    }
}
