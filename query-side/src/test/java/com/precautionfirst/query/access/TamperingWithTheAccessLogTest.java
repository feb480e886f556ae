package com.precautionfirst.query.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access log is hash-chained: a row deleted, changed or inserted by SQL is named by the verification. Each test
 * puts the row back as it was afterwards (the database is shared by the test classes), and the chain is valid again.
 */
class TamperingWithTheAccessLogTest extends QuerySideIntegrationTest {

    private String client;

    @BeforeEach
    void readsOfMaria() {
        client = unique("maria");
        story().realisticClient(client).session(client, client + "-s1").ended();
        read("admin", "/api/clients/" + client + "/history");
        read("therapist-b", "/api/clients/" + client + "/history");
        read("auditor", "/api/sessions/" + client + "-s1");
        read("admin", "/api/clients/" + client + "/audit-trail");
        assertThat(verification("auditor").path("valid").asBoolean()).isTrue();
    }

    @Test
    void afterNormalUseTheChainIsValidForTheAuditorAndTheAdministrator() {
        read("auditor", "/api/precautions?size=200");
        read("insurer-x", "/api/clients/" + client + "/history");

        for (String user : List.of("auditor", "admin")) {
            JsonNode verification = verification(user);
            assertThat(verification.path("valid").asBoolean()).isTrue();
            assertThat(verification.path("problems")).isEmpty();
            assertThat(verification.path("checkedEntries").asLong())
                    .isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM access_log", Long.class));
        }
        assertThat(get("therapist-a", "/api/access-log/verification").statusCode()).isEqualTo(403);
        assertThat(get("insurer-x", "/api/access-log/verification").statusCode()).isEqualTo(403);
    }

    @Test
    void aDeletedEntryIsNamed() {
        Map<String, Object> row = row("therapist-b");
        jdbc.update("DELETE FROM access_log WHERE id = ?", row.get("id"));
        try {
            assertThat(problems()).containsExactly("entry " + row.get("chain_position") + ": removed: missing from "
                    + "the chain before entry " + ((Long) row.get("chain_position") + 1));
        } finally {
            putBack(row);
        }
        assertThat(verification("auditor").path("valid").asBoolean()).isTrue();
    }

    @Test
    void theNewestEntryDeletedIsNamed() {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM access_log WHERE chain_position = "
                + "(SELECT MAX(chain_position) FROM access_log)");
        jdbc.update("DELETE FROM access_log WHERE id = ?", row.get("id"));
        try {
            assertThat(problems()).singleElement().asString()
                    .startsWith("entry " + row.get("chain_position") + ": removed: the chain ends at entry ");
        } finally {
            putBack(row);
        }
    }

    @Test
    void aChangedUserIsNamed() {
        Map<String, Object> row = row("therapist-b");
        jdbc.update("UPDATE access_log SET user_id = 'therapist-a' WHERE id = ?", row.get("id"));
        try {
            assertThat(problems()).containsExactly("entry " + row.get("chain_position") + " (row id " + row.get("id")
                    + "): changed: the stored entry no longer matches its hash");
        } finally {
            jdbc.update("UPDATE access_log SET user_id = 'therapist-b' WHERE id = ?", row.get("id"));
        }
        assertThat(verification("auditor").path("valid").asBoolean()).isTrue();
    }

    @Test
    void aForgedRowIsNamed() {
        jdbc.update("INSERT INTO access_log (read_at_micros, user_id, role, client_id, endpoint, outcome) "
                + "VALUES (0, 'therapist-a', 'THERAPIST', ?, 'GET /api/clients/x/history', 'ALLOWED')", client);
        long forged = jdbc.queryForObject("SELECT id FROM access_log WHERE read_at_micros = 0", Long.class);
        try {
            assertThat(problems()).containsExactly(
                    "row id " + forged + ": inserted: the row is not part of the chain (no position or hash)");
        } finally {
            jdbc.update("DELETE FROM access_log WHERE id = ?", forged);
        }
        assertThat(verification("auditor").path("valid").asBoolean()).isTrue();
    }

    @Test
    void aForgedRowWithAPositionAfterTheLastEntryIsNamed() {
        Map<String, Object> last = jdbc.queryForMap("SELECT * FROM access_log WHERE chain_position = "
                + "(SELECT MAX(chain_position) FROM access_log)");
        long position = (Long) last.get("chain_position") + 1;
        jdbc.update("INSERT INTO access_log (read_at_micros, user_id, role, client_id, endpoint, outcome, "
                        + "chain_position, previous_hash, hash) VALUES (1, 'therapist-a', 'THERAPIST', ?, "
                        + "'GET /api/clients/x/history', 'ALLOWED', ?, ?, ?)", client, position, last.get("hash"),
                "f".repeat(64));
        try {
            assertThat(problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("entry " + position + ": inserted: beyond the last entry appended"));
        } finally {
            jdbc.update("DELETE FROM access_log WHERE chain_position = ?", position);
        }
        assertThat(verification("auditor").path("valid").asBoolean()).isTrue();
    }

    @Test
    void theServiceHandsFlywayTheMigrationThatChainsEarlierEntries() {
        assertThat(jdbc.queryForObject("SELECT success FROM flyway_schema_history WHERE version = '54'",
                Boolean.class)).isTrue();
    }

    private JsonNode verification(String user) {
        return readJson(user, "/api/access-log/verification");
    }

    /** The verification's problems as "where: what". */
    private List<String> problems() {
        JsonNode verification = verification("auditor");
        assertThat(verification.path("valid").asBoolean()).isFalse();
        List<String> problems = new ArrayList<>();
        verification.path("problems").forEach(p -> problems.add(p.path("where").asText() + ": "
                + p.path("what").asText()));
        return problems;
    }

    private Map<String, Object> row(String userId) {
        return jdbc.queryForMap("SELECT * FROM access_log WHERE client_id = ? AND user_id = ?", client, userId);
    }

    private void putBack(Map<String, Object> row) {
        jdbc.update("INSERT INTO access_log (id, read_at_micros, user_id, role, client_id, session_id, endpoint, "
                        + "outcome, chain_position, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.get("id"), row.get("read_at_micros"), row.get("user_id"), row.get("role"), row.get("client_id"),
                row.get("session_id"), row.get("endpoint"), row.get("outcome"), row.get("chain_position"),
                row.get("previous_hash"), row.get("hash"));
    }
}
