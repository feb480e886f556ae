package com.precautionfirst.query.audit;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.api.events.TherapistAssigned;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TamperingWithTheEventStoreTest extends QuerySideIntegrationTest {

    @Test
    void theTrailListsEveryEventInCommitOrderChainedByHash() {
        String client = unique("maria");
        story().realisticClient(client).sessionRefused(client)
                .session(client, client + "-s1").pressure(LOWER_BACK, 2).blockedPressure(LOWER_BACK, 5).ended();

        JsonNode events = readJson("auditor", "/api/clients/" + client + "/audit-trail").path("events");

        assertThat(events).hasSize(10);
        String previous = AuditChain.GENESIS;
        long position = -1;
        for (JsonNode event : events) {
            assertThat(event.path("previousHash").asText()).isEqualTo(previous);
            assertThat(event.path("globalPosition").asLong()).isGreaterThan(position);
            assertThat(event.path("revision").asText()).isEqualTo("1");
            assertThat(event.path("correlationId").asText()).startsWith("corr-");
            assertThat(event.path("at").asText()).isNotEmpty();
            previous = event.path("hash").asText();
            position = event.path("globalPosition").asLong();
        }
        JsonNode refusal = events.get(5);
        assertThat(refusal.path("type").asText()).isEqualTo("PrecautionBlocked");
        assertThat(refusal.path("streamId").asText()).isEqualTo(client);
        assertThat(refusal.path("by").asText()).isEqualTo("therapist-a");
        assertThat(refusal.path("role").asText()).isEqualTo("THERAPIST");
        assertThat(refusal.path("payload").path("attemptedCommand").asText()).isEqualTo("StartSession");
        assertThat(events.get(1).path("idempotencyKey").asText()).isEqualTo("key-" + client);
        assertThat(events.get(2).has("idempotencyKey")).isFalse();
        assertThat(events.get(8).path("type").asText()).isEqualTo("PrecautionBlocked");
        assertThat(readJson("auditor", "/api/clients/" + client + "/audit-trail/verification")
                .path("valid").asBoolean()).isTrue();
    }

    @Test
    void aPayloadChangedInTheDatabaseIsNamedByTheVerification() {
        String client = unique("maria");
        String session = client + "-s1";
        story().realisticClient(client).session(client, session).pressure(LOWER_BACK, 2).ended();
        readJson("auditor", "/api/clients/" + client + "/audit-trail");
        long pressure = globalPosition(session, 1);

        byte[] payload = jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE global_index = ?",
                byte[].class, pressure);
        String original = new String(payload, StandardCharsets.UTF_8);
        assertThat(original).contains("\"level\":2");
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?",
                original.replace("\"level\":2", "\"level\":1").getBytes(StandardCharsets.UTF_8), pressure);

        JsonNode verification = readJson("auditor", "/api/clients/" + client + "/audit-trail/verification");

        assertThat(verification.path("valid").asBoolean()).isFalse();
        JsonNode mismatch = verification.path("firstMismatch");
        assertThat(mismatch.path("streamId").asText()).isEqualTo(session);
        assertThat(mismatch.path("sequence").asLong()).isEqualTo(1);
        assertThat(mismatch.path("globalPosition").asLong()).isEqualTo(pressure);
        assertThat(mismatch.path("reason").asText()).startsWith("changed");
        assertThat(verification.path("checkedEvents").asInt()).isEqualTo(7);
    }

    @Test
    void aRemovedEventIsNamedByTheVerification() {
        String client = unique("maria");
        story().realisticClient(client);
        readJson("auditor", "/api/clients/" + client + "/audit-trail");
        long clearance = globalPosition(client, 3);

        jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", clearance);

        JsonNode mismatch = readJson("auditor", "/api/clients/" + client + "/audit-trail/verification")
                .path("firstMismatch");
        assertThat(mismatch.path("globalPosition").asLong()).isEqualTo(clearance);
        assertThat(mismatch.path("sequence").asLong()).isEqualTo(3);
        assertThat(mismatch.path("reason").asText()).startsWith("removed");
    }

    @Test
    void anEventInsertedIntoTheClientsStreamIsNamedByTheVerification() {
        String client = unique("maria");
        String other = unique("tom");
        ClientStory story = story().registered(client).registered(other);
        story.client(client, new TherapistAssigned(client, "therapist-a"));
        readJson("auditor", "/api/clients/" + client + "/audit-trail");
        long foreign = globalPosition(other, 0);

        jdbc.update("UPDATE domain_event_entry SET aggregate_identifier = ?, sequence_number = 7 "
                + "WHERE global_index = ?", client, foreign);

        JsonNode mismatch = readJson("auditor", "/api/clients/" + client + "/audit-trail/verification")
                .path("firstMismatch");
        assertThat(mismatch.path("globalPosition").asLong()).isEqualTo(foreign);
        assertThat(mismatch.path("streamId").asText()).isEqualTo(client);
        assertThat(mismatch.path("reason").asText()).startsWith("inserted");
    }

    private long globalPosition(String stream, long sequence) {
        return jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = ?", Long.class, stream, sequence);
    }
}
