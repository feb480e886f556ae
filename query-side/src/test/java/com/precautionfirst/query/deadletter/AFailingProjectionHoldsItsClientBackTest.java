package com.precautionfirst.query.deadletter;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import com.precautionfirst.testsupport.OpenApiDocument;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 12: a projection handler that fails never skips its event silently. The history projection is made to
 * fail for one client after it has written ({@link ProjectionFault}): that event and the client's later events
 * wait in the dead-letter queue in order, the client's record stays exactly as it was before the failure (nothing
 * half-written, nothing skipped) while another client is projected meanwhile, and health, the gauge and the admin
 * list show the letters. A retry while the fault lasts keeps them waiting; once it is gone, the retry projects them
 * in order, to the record the event store says (the as-of fold, which no projection touches).
 */
class AFailingProjectionHoldsItsClientBackTest extends QuerySideIntegrationTest {

    private static final String LETTERS = "/api/admin/dead-letters";
    private static final String RETRY = "/api/admin/dead-letters/retry";

    @Autowired
    ProjectionFault fault;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    DeadLetters deadLetters;

    @AfterEach
    void theFaultIsGoneAndNothingWaits() {
        fault.clear();
        post("admin", RETRY);
    }

    @Test
    void theFailedEventAndTheClientsLaterEventsWaitInOrderUntilRetried() {
        String failing = unique("maria");
        String other = unique("carl");
        ClientStory story = story().realisticClient(failing).realisticClient(other);
        String history = "/api/clients/" + failing + "/history";
        String before = readJson("admin", history).toString();
        int projected = eventsOf(failing).size();

        fault.failFor("history", failing);
        String session = failing + "-s1";
        story.session(failing, session).pressure(LOWER_BACK, 1).pressure(PIRIFORMIS, 2).ended();
        story.session(other, other + "-s1").pressure(LOWER_BACK, 1);
        awaitTheProjections();

        assertThat(readJson("admin", history).toString()).as("the record as before the failure").isEqualTo(before);
        assertThat(readJson("admin", "/api/clients/" + other + "/history").path("sessions").get(0)
                .path("sessionId").asText()).as("another client is projected meanwhile").isEqualTo(other + "-s1");
        assertThat(readJson("auditor", "/api/clients/" + failing + "/audit-trail").path("events"))
                .as("the audit chain has its own queue, and nothing in it").hasSize(eventsOf(failing).size());

        JsonNode waiting = sequence(letters(), failing);
        assertThat(waiting.path("processor").asText()).isEqualTo("history");
        assertThat(waiting.path("count").asLong()).isEqualTo(4);
        assertThat(types(waiting.path("letters"))).containsExactly("SessionStarted", "PressureAdjusted",
                "PressureAdjusted", "SessionEnded");
        List<String> events = eventsOf(failing);
        assertThat(ids(waiting.path("letters"))).isEqualTo(events.subList(projected, events.size()));
        assertThat(waiting.path("letters").get(0).path("cause").path("message").asText())
                .contains("fault injected by the test");
        assertThat(waiting.path("letters").get(1).path("cause").isNull()).as("waits behind the failed one").isTrue();
        assertThat(get(null, "/actuator/health").statusCode()).isEqualTo(503);
        JsonNode health = json(get("admin", "/actuator/health").body()).path("components").path("deadLetters");
        assertThat(health.path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        assertThat(health.path("details").path("history").asLong()).isEqualTo(4);
        assertThat(json(get("admin", "/actuator/metrics/treatment.projection.dead_letters?tag=processor:history")
                .body()).path("measurements").get(0).path("value").asDouble()).isEqualTo(4.0);

        JsonNode stillFailing = sequence(retry(), failing);
        assertThat(stillFailing.path("projected").asLong()).isZero();
        assertThat(stillFailing.path("remaining").asLong()).isEqualTo(4);
        assertThat(stillFailing.path("cause").path("message").asText()).contains("fault injected by the test");
        assertThat(readJson("admin", history).toString()).as("a failed retry keeps nothing").isEqualTo(before);

        fault.clear();
        JsonNode retried = sequence(retry(), failing);

        assertThat(retried.path("projected").asLong()).isEqualTo(4);
        assertThat(retried.path("remaining").asLong()).isZero();
        assertThat(retried.path("cause").isNull()).isTrue();
        assertThat(readJson("admin", history).toString()).as("what it would have been without the failure")
                .isEqualTo(readJson("admin", history + "?asOf=" + Instant.now()).toString())
                .contains(session, "SessionEnded");
        assertThat(letters().path("total").asLong()).isZero();
        assertThat(get(null, "/actuator/health").statusCode()).isEqualTo(200);
    }

    /**
     * The failed event is its client's only one in the batch, so nothing after it asks the queue about that client
     * (which flushes the letter to the database): the batch must still see the letter it enqueued, and not write the
     * session the handler had folded before it failed.
     */
    @Test
    void aFailedEventAloneInItsBatchLeavesTheRecordAsItWas() {
        String failing = unique("nora");
        ClientStory story = story().realisticClient(failing);
        String history = "/api/clients/" + failing + "/history";
        String before = readJson("admin", history).toString();

        fault.failFor("history", failing);
        story.session(failing, failing + "-s1");
        awaitTheProjections();

        assertThat(readJson("admin", history).toString()).as("the record as before the failure").isEqualTo(before);
        assertThat(sequence(letters(), failing).path("count").asLong()).isEqualTo(1);
    }

    /** A new projection cannot skip events silently either; the signed log retries instead (decision 0052). */
    @Test
    void everyProcessorButTheSignedLogHasADeadLetterQueue() {
        Set<String> processors = new TreeSet<>(processing.eventProcessors().keySet());
        assertThat(processors.remove("log")).isTrue();
        assertThat(deadLetters.groups()).containsExactlyElementsOf(processors);
    }

    /**
     * A rebuild replays every event, the waiting ones too, and so meets again what still fails, once: at the switch
     * its letters replace the live processor's (decisions 0052, 0056).
     */
    @Test
    void aRebuildEmptiesTheQueueAndItsReplayLettersWhatStillFailsOnce() {
        String failing = unique("maria");
        ClientStory story = story().realisticClient(failing);
        awaitTheProjections();
        fault.failFor("history", failing);
        story.session(failing, failing + "-s1").pressure(LOWER_BACK, 1);
        awaitTheProjections();
        List<String> letters = ids(sequence(letters(), failing).path("letters"));
        assertThat(letters).hasSize(2);

        HttpResponse<String> rebuild = post("admin", "/api/admin/projections/rebuild");
        awaitRebuild(json(rebuild.body()).path("targetPosition").asText());

        JsonNode afterTheSwitch = letters();
        assertThat(StreamSupport.stream(afterTheSwitch.path("sequences").spliterator(), false)
                .filter(s -> s.path("sequence").asText().equals(failing))
                .map(s -> s.path("processor").asText())).containsExactly("history");
        assertThat(ids(sequence(afterTheSwitch, failing).path("letters"))).isEqualTo(letters);
        fault.clear();
        assertThat(sequence(retry(), failing).path("projected").asLong()).isEqualTo(2);
        String history = "/api/clients/" + failing + "/history";
        assertThat(readJson("admin", history).toString())
                .isEqualTo(readJson("admin", history + "?asOf=" + Instant.now()).toString());
    }

    /** The retry's answer, held against the OpenAPI document like the list's. */
    private JsonNode retry() {
        HttpResponse<String> answer = post("admin", RETRY);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertMatchesTheDocument("POST " + RETRY, answer);
        return json(answer.body());
    }

    /** The list's answer, held against the OpenAPI document like the retry's. */
    private JsonNode letters() {
        HttpResponse<String> answer = read("admin", LETTERS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertMatchesTheDocument("GET " + LETTERS, answer);
        return json(answer.body());
    }

    /** The client's sequence in a list or retry answer. */
    private static JsonNode sequence(JsonNode answer, String client) {
        JsonNode sequences = answer.path("sequences");
        return StreamSupport.stream(sequences.spliterator(), false)
                .filter(s -> s.path("sequence").asText().equals(client)).findFirst()
                .orElseThrow(() -> new AssertionError("no sequence of " + client + " in " + sequences));
    }

    private void assertMatchesTheDocument(String operation, HttpResponse<String> answer) {
        OpenApiDocument document = OpenApiDocument.parse(get(null, "/v3/api-docs").body());
        assertThat(document.check(operation, new OpenApiDocument.Answer(answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse(null), answer.body(),
                name -> answer.headers().firstValue(name).orElse(null)))).isEmpty();
    }

    private static List<String> types(JsonNode letters) {
        List<String> types = new ArrayList<>();
        letters.forEach(letter -> types.add(letter.path("type").asText()));
        return types;
    }

    private static List<String> ids(JsonNode letters) {
        List<String> ids = new ArrayList<>();
        letters.forEach(letter -> ids.add(letter.path("eventIdentifier").asText()));
        return ids;
    }

    /** The event ids of the client's streams (its record and sessions), in store order. */
    private List<String> eventsOf(String client) {
        return jdbc.queryForList("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "OR aggregate_identifier LIKE ? ORDER BY global_index", String.class, client, client + "-s%");
    }

    /**
     * Waits until every processor has passed the newest event: an event that fails first rolls its batch back,
     * and the processor retries it a second later.
     */
    private void awaitTheProjections() {
        awaitRebuild(Long.toString(head()));
    }
}
