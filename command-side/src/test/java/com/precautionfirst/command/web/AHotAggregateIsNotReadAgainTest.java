package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 12: a command read its stream's snapshot (there never is one) and all its events before deciding. Now a
 * hot aggregate comes from the cache after one check of its stream's newest sequence number, and no snapshot is
 * ever looked for (decision 0051). One entry per aggregate type here, so that a second session pushes the first
 * out of the cache and the same command can be watched cold and hot.
 */
@Import(StatementLog.class)
@TestPropertySource(properties = "treatment.aggregate-cache.max-entries=1")
class AHotAggregateIsNotReadAgainTest extends HttpTestSupport {

    @Autowired
    StatementLog statements;

    @Test
    void aHotSessionIsCheckedNotReplayedAndNoSnapshotIsLookedFor() {
        String clientId = clearedClient();
        String sessionId = openSession(clientId);
        openSession(clientId);

        List<String> cold = statementsOf(() -> adjustPressure(sessionId));
        List<String> hot = statementsOf(() -> adjustPressure(sessionId));

        assertThat(cold).as("cold: the session was pushed out of the cache").anyMatch(this::readsTheEvents)
                .noneMatch(this::checksTheVersion);
        assertThat(hot).noneMatch(this::readsTheEvents).filteredOn(this::checksTheVersion).hasSize(1);
        assertThat(hot).hasSameSizeAs(cold);
        assertThat(hot).filteredOn("commit"::equals).hasSize(1);
        assertThat(cold).noneMatch(this::readsSnapshots);
        assertThat(hot).noneMatch(this::readsSnapshots);
        assertThat(eventTypes(sessionId)).containsExactly("SessionStarted", "PressureAdjusted", "PressureAdjusted");
    }

    /** A refusal decided on the cached session is the one decided on the session read from its events. */
    @Test
    void aCachedSessionRefusesAsOneReadFromItsEvents() {
        String clientId = clearedClient();
        String sessionId = openSession(clientId);
        openSession(clientId);
        String deepVibration = """
                {"area":"LOWER_BACK","technique":"DEEP_VIBRATION"}""";

        ResponseEntity<String> cold = post(THERAPIST_A, "/api/sessions/" + sessionId + "/techniques", deepVibration);
        ResponseEntity<String> hot = post(THERAPIST_A, "/api/sessions/" + sessionId + "/techniques", deepVibration);

        assertProblem(cold, 422, "precaution-blocked");
        assertThat(hot.getStatusCode()).isEqualTo(cold.getStatusCode());
        assertThat(body(hot).get("errors")).isEqualTo(body(cold).get("errors"));
    }

    private void adjustPressure(String sessionId) {
        assertThat(post(THERAPIST_A, "/api/sessions/" + sessionId + "/pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}""").getStatusCode().value())
                .isEqualTo(200);
    }

    private List<String> statementsOf(Runnable command) {
        statements.clear();
        command.run();
        return statements.executed().stream().map(sql -> sql.toLowerCase(Locale.ROOT)).toList();
    }

    private boolean readsSnapshots(String sql) {
        return sql.contains("snapshot_event_entry");
    }

    /** Axon's read of a stream: its events from a sequence number on. */
    private boolean readsTheEvents(String sql) {
        String compact = sql.replace(" ", "");
        return compact.startsWith("select") && compact.contains("fromdomain_event_entry") && compact.contains("payload")
                && compact.contains("sequence_number>=");
    }

    private boolean checksTheVersion(String sql) {
        return sql.contains("max(") && sql.contains("sequence_number") && sql.contains("domain_event_entry");
    }
}
