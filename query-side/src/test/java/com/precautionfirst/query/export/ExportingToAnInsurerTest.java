package com.precautionfirst.query.export;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static com.precautionfirst.api.vocabulary.Technique.LIGHT_STROKING;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.util.FhirTerser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.precautionfirst.api.events.ConditionDeclared;
import com.precautionfirst.api.events.InsuranceRecorded;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import com.precautionfirst.query.log.CheckpointIssuer;
import com.precautionfirst.query.log.LogStore;
import com.precautionfirst.query.log.SigningKey;
import com.precautionfirst.testsupport.CsvRows;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.CsvExport;
import com.precautionfirst.verifier.ExportVerification;
import com.precautionfirst.verifier.FhirBundleWriter;
import com.precautionfirst.verifier.Hex;
import com.precautionfirst.verifier.Keys;
import com.precautionfirst.verifier.LeafEncoding;
import com.precautionfirst.verifier.LogEvent;
import com.precautionfirst.verifier.Main;
import com.precautionfirst.verifier.MerkleTree;
import com.precautionfirst.verifier.Problem;
import com.precautionfirst.verifier.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

/**
 * Issue 13, decisions 0061 and 0062, formats json, csv and fhir: an insurer's export holds exactly its consenting
 * clients and, of each, the events the selection rule selects (in CSV the same, with readable columns that say what
 * each leaf says; in FHIR with the resources derived from them); it verifies through POST /api/exports/verify, the
 * verifier library and its command line alike, and each tampering is reported by all three with the same problems;
 * who may export what; every exported client is in the access log with the format; the answer streams.
 */
class ExportingToAnInsurerTest extends QuerySideIntegrationTest {

    private static final String EVENTS = "com.precautionfirst.api.events.";

    @Autowired
    CheckpointIssuer issuer;
    @Autowired
    SigningKey key;
    @Autowired
    LogStore store;
    @Autowired
    ExportGate gate;
    @LocalServerPort
    int port;
    @TempDir
    Path dir;

    private final Instant from = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    private final Instant to = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    /** The realistic client of {@link #realistic}: its id, the session in range, and that session's id before it. */
    private record Story(String client, String insurer, String session, String before) {
    }

    /**
     * A client with sciatica and piriformis syndrome cleared by a physiotherapist, and an unrelated condition no
     * clearance covers; insured with consent; a refused start; a session three days ago (outside the range) and one
     * now with a pressure, a technique, a response with radiating pain, a refused pressure, an amendment and its end,
     * the client's last event.
     */
    private Story realistic() {
        String client = unique("exp");
        String insurer = unique("INS");
        ClientStory story = story().realisticClient(client)
                .client(client, new ConditionDeclared(client, "cond-other", "F32.1", "Depression, moderate episode",
                        false, false, null))
                .client(client, new InsuranceRecorded(client, insurer, "POL-7", true))
                .sessionRefused(client);
        String before = client + "-before";
        story.session(client, before, ClientStory.CLEARANCE, ClientStory.RESTRICTIONS,
                Instant.now().minus(3, ChronoUnit.DAYS)).pressure(LOWER_BACK, 1).ended();
        String session = client + "-s1";
        story.session(client, session).pressure(LOWER_BACK, 1).technique(LOWER_BACK, LIGHT_STROKING)
                .response(PIRIFORMIS, 7, true).blockedPressure(LOWER_BACK, 4).amend(1, "pressure was 2").ended();
        return new Story(client, insurer, session, before);
    }

    @Test
    void aConsentingClientsExportHoldsExactlyTheSelectedEventsAndVerifiesEverywhere() throws IOException {
        Story story = realistic();
        signed();
        HttpResponse<String> answer = export("admin", story.insurer());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode export = json(answer.body());

        assertThat(export.path("export").asText()).isEqualTo(ExportVerification.FORMAT);
        assertThat(export.path("insurerId").asText()).isEqualTo(story.insurer());
        assertThat(export.path("from").asText()).isEqualTo(from.toString());
        assertThat(export.path("checkpoint").path("clientMapRoot").asText()).hasSize(64);
        assertThat(export.path("clients")).hasSize(1);
        JsonNode client = export.path("clients").path(0);
        assertThat(client.path("clientId").asText()).isEqualTo(story.client());

        List<LogEvent> events = events(client);
        assertThat(events).extracting(e -> e.payloadType().substring(EVENTS.length())).containsExactly(
                "ConditionDeclared", "ConditionDeclared", "ClearanceRecorded", "InsuranceRecorded",
                "PrecautionBlocked", "SessionStarted", "PressureAdjusted", "TechniqueApplied", "ClientResponseRecorded",
                "PrecautionBlocked", "EntryAmended", "SessionEnded");
        assertThat(events).extracting(LogEvent::streamId).doesNotContain(story.before());
        assertThat(events).as("no other condition's free text, no name").allSatisfy(e ->
                assertThat(new String(e.payload(), StandardCharsets.UTF_8)).doesNotContain("Depression")
                        .doesNotContain("Maria Keller"));
        assertThat(answer.body()).doesNotContain("Depression");
        assertThat(client.path("entries")).as("every event of the client, sessions included: 5 + 3 + 3 + 7")
                .hasSize(18);
        assertThat(client.path("mapProof").path("count").asLong()).isEqualTo(18);
        assertThat(client.path("sessions")).hasSize(1);
        assertThat(client.path("sessions").path(0).path("sessionId").asText()).isEqualTo(story.session());
        assertThat(client.path("sessions").path(0).path("assessment")).as("as the session query answers it")
                .isEqualTo(readJson("auditor", "/api/sessions/" + story.session()).path("assessment"))
                .isNotEmpty();

        assertThat(verifiedEverywhere(answer.body(), "insurer-x")).isEqualTo(Verdict.ok());
    }

    @Test
    void aFhirExportIsAStrictR4BundleOfTheSameEventsWithAResourceEachAndVerifiesEverywhere() throws IOException {
        Story story = realistic();
        signed();
        HttpResponse<String> answer = export("auditor", story.insurer(), "fhir");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        Bundle bundle = strictBundle(answer.body());
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);

        Set<String> urls = new HashSet<>();
        bundle.getEntry().forEach(entry -> assertThat(urls.add(entry.getFullUrl())).as(entry.getFullUrl()).isTrue());
        FhirTerser terser = FhirContext.forR4Cached().newTerser();
        Set<String> targets = new HashSet<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            counts.merge(resource.fhirType(), 1, Integer::sum);
            assertThat(terser.getAllPopulatedChildElementsOfType(resource, Reference.class))
                    .filteredOn(Reference::hasReference).extracting(Reference::getReference)
                    .as("every reference resolves to an entry").allSatisfy(r -> assertThat(urls).contains(r));
            if (resource instanceof Provenance provenance) {
                provenance.getTarget().forEach(target -> targets.add(target.getReference()));
                assertThat(provenance.getSignatureFirstRep().getData()).as("the checkpoint's signature")
                        .isEqualTo(bundle.getSignature().getData()).isNotEmpty();
            }
        }
        assertThat(bundle.getEntry()).filteredOn(e -> !List.of("Binary", "Provenance")
                .contains(e.getResource().fhirType())).as("a Provenance per resource")
                .allSatisfy(e -> assertThat(targets).contains(e.getFullUrl()));

        JsonNode json = json(export("auditor", story.insurer()).body());
        List<LogEvent> events = events(json.path("clients").path(0));
        assertThat(counts).containsEntry("Patient", 1).containsEntry("Consent", 1)
                .containsEntry("Procedure", 1) // the session in range, not the one before it
                .containsEntry("Observation", count(events, "ClientResponseRecorded")).containsEntry("Observation", 1)
                .containsEntry("AuditEvent", count(events, "PrecautionBlocked")).containsEntry("AuditEvent", 2)
                .containsEntry("Condition", count(events, "ConditionDeclared"))
                .containsEntry("Binary", 2 + events.size()) // the checkpoint, the client, a leaf per event
                .containsEntry("Provenance", counts.values().stream().mapToInt(Integer::intValue).sum()
                        - counts.get("Binary") - counts.get("Provenance"));
        Procedure session = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Procedure.class::isInstance).map(Procedure.class::cast).findFirst().orElseThrow();
        assertThat(session.getIdentifierFirstRep().getValue()).isEqualTo(story.session());
        assertThat(session.getStatus()).isEqualTo(Procedure.ProcedureStatus.COMPLETED);
        assertThat(session.getBodySite()).extracting(c -> c.getCodingFirstRep().getCode())
                .contains(LOWER_BACK.name());
        Patient patient = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance).map(Patient.class::cast).findFirst().orElseThrow();
        assertThat(patient.getIdentifier()).extracting(i -> i.getValue()).containsExactly(story.client(), "POL-7");
        assertThat(patient.hasName() || patient.hasBirthDate() || patient.hasAddress()).isFalse();
        assertThat(answer.body()).doesNotContain("Depression").doesNotContain("Maria Keller");

        assertThat(verifiedEverywhere(answer.body(), "auditor")).isEqualTo(Verdict.ok());
        assertThat(derived(answer.body())).as("the events of the JSON export and the resources derived from them "
                + "(the checkpoint may have moved on between the two exports)").isEqualTo(derived(fhir(json)));

        ObjectNode changed = (ObjectNode) json(answer.body());
        for (JsonNode entry : changed.path("entry")) {
            if (entry.at("/resource/resourceType").asText().equals("Observation")) {
                ((ObjectNode) entry.at("/resource/component/0")).put("valueInteger", 2);
            }
        }
        assertThat(verifiedEverywhere(changed.toString(), "auditor").problems()).singleElement().satisfies(p -> {
            assertThat(p.where()).startsWith("client " + story.client() + ", Observation of event leaf ");
            assertThat(p.what()).startsWith("changed: ");
        });
    }

    @Test
    void eachTamperingIsReportedByTheEndpointTheLibraryAndTheCommandLineAlike() throws IOException {
        Story story = realistic();
        signed();
        ObjectNode honest = (ObjectNode) json(export("auditor", story.insurer()).body());
        List<LogEvent> events = events(honest.at("/clients/0"));
        List<Long> leaves = new ArrayList<>();
        honest.at("/clients/0/events").forEach(e -> leaves.add(e.path("leafIndex").asLong()));
        long technique = leaves.get(indexOf(events, "TechniqueApplied"));
        long refusal = leaves.get(indexOf(events, "PrecautionBlocked"));
        long last = leaves.get(leaves.size() - 1);
        String where = "client " + story.client() + ", ";

        ObjectNode changed = honest.deepCopy();
        ObjectNode event = (ObjectNode) changed.at("/clients/0/events/7");
        byte[] leaf = Base64.getDecoder().decode(event.path("leaf").asText());
        leaf[leaf.length / 2] ^= 0x01;
        event.put("leaf", Base64.getEncoder().encodeToString(leaf));
        assertThat(problems(changed)).singleElement().satisfies(p -> {
            assertThat(p.where()).isEqualTo(where + "event leaf " + technique);
            assertThat(p.what()).startsWith("changed: ");
        });

        assertThat(problems(without(honest.deepCopy(), e -> e.path("leafIndex").asLong() == technique)))
                .singleElement().satisfies(p -> {
                    assertThat(p.where()).startsWith(where + "entry ").endsWith(" (leaf " + technique + ")");
                    assertThat(p.what()).startsWith("left out: the selection rule selects this TechniqueApplied");
                });

        ObjectNode added = honest.deepCopy();
        ClientEntry registered = ClientEntry.decode(story.client(),
                Base64.getDecoder().decode(honest.at("/clients/0/entries/0").asText()));
        ((ArrayNode) added.at("/clients/0/events")).insert(0, genuineEvent(registered.leafIndex(),
                honest.at("/checkpoint/treeSize").asLong()));
        assertThat(problems(added)).containsExactly(new Problem(where + "event leaf " + registered.leafIndex(),
                "added: the selection rule does not select this ClientRegistered at " + registered.at()
                        + " (entry 0)"));

        ObjectNode reordered = honest.deepCopy();
        ArrayNode swapped = (ArrayNode) reordered.at("/clients/0/events");
        JsonNode sixth = swapped.get(6);
        swapped.set(6, swapped.get(7));
        swapped.set(7, sixth);
        assertThat(problems(reordered)).containsExactly(new Problem(where + "event leaf " + leaves.get(6),
                "comes after event leaf " + leaves.get(7) + ": the events are not in the order of the client's chain "
                        + "(a reordered pair)"));

        ObjectNode withoutTheSession = without(honest.deepCopy(), e -> streamOf(e).equals(story.session()));
        ((ArrayNode) withoutTheSession.at("/clients/0/sessions")).removeAll();
        List<Problem> sessionDropped = problems(withoutTheSession);
        List<Long> sessionLeaves = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).streamId().equals(story.session())) {
                sessionLeaves.add(leaves.get(i));
            }
        }
        assertThat(sessionLeaves).hasSize(7);
        assertThat(sessionDropped.stream().filter(p -> p.what().startsWith("left out: ")).map(Problem::where)
                .map(w -> Long.parseLong(w.substring(w.indexOf("(leaf ") + 6, w.length() - 1))))
                .containsExactlyElementsOf(sessionLeaves);
        // what only that session relied on (its clearance, the two conditions) is now in the export for no reason
        assertThat(sessionDropped.stream().filter(p -> !p.what().startsWith("left out: ")))
                .extracting(Problem::what).hasSize(3).allSatisfy(what -> assertThat(what).startsWith("added: "));

        assertThat(problems(without(honest.deepCopy(), e -> e.path("leafIndex").asLong() == last))).singleElement()
                .satisfies(p -> {
                    assertThat(p.where()).isEqualTo(where + "entry 17 (leaf " + last + ")");
                    assertThat(p.what()).startsWith("left out: the selection rule selects this SessionEnded");
                });

        assertThat(problems(without(honest.deepCopy(), e -> e.path("leafIndex").asLong() == refusal))).singleElement()
                .satisfies(p -> {
                    assertThat(p.where()).endsWith(" (leaf " + refusal + ")");
                    assertThat(p.what()).startsWith("left out: the selection rule selects this PrecautionBlocked");
                });
    }

    @Test
    void aConsentingClientsExportInCsvHoldsWhatTheJsonExportHoldsReadablyAndVerifiesEverywhere() throws IOException {
        Story story = realistic();
        signed();
        HttpResponse<String> answer = export("auditor", story.insurer(), "csv");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(answer.headers().firstValue("Content-Type").orElseThrow()))
                .isEqualTo(MediaType.parseMediaType("text/csv;charset=UTF-8;header=present"));
        JsonNode json = json(export("auditor", story.insurer()).body()).path("clients").path(0);
        CsvRows csv = CsvRows.parse(answer.body());

        List<String> entries = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        for (int row = 0; row < csv.size(); row++) {
            if (csv.get(row, "record").equals("event")) {
                assertThat(csv.get(row, "clientId")).isEqualTo(story.client());
                entries.add(csv.get(row, "entry"));
                if (!csv.get(row, "leaf").isEmpty()) {
                    leaves.add(csv.get(row, "leaf"));
                    Map<String, String> said = readable(leaf(csv, row));
                    for (String column : CsvExport.READABLE) {
                        assertThat(csv.get(row, column)).as(column).isEqualTo(said.get(column));
                    }
                    assertThat(csv.get(row, "userId")).as("who did it").isNotEmpty();
                }
            }
        }
        assertThat(entries).containsExactlyElementsOf(texts(json.path("entries"))).hasSize(18);
        assertThat(leaves).containsExactlyElementsOf(json.path("events").findValuesAsText("leaf")).hasSize(12);
        assertThat(csv.get(0, "record")).isEqualTo("export");
        assertThat(csv.get(0, "insurerId")).isEqualTo(story.insurer());
        assertThat(csv.get(1, "record")).isEqualTo("client");
        int assessment = csv.find("record", "assessment");
        assertThat(csv.get(assessment, "sessionId")).isEqualTo(story.session());
        assertThat(json(csv.get(assessment, "assessment"))).isEqualTo(json.path("sessions").path(0).path("assessment"));
        assertThat(csv.get(csv.size() - 1, "record")).isEqualTo("end");
        assertThat(answer.body()).doesNotContain("Depression");

        assertThat(verifiedEverywhere(answer.body(), "insurer-x")).isEqualTo(Verdict.ok());
    }

    @Test
    void eachTamperingOfACsvExportIsReportedByTheEndpointTheLibraryAndTheCommandLineAlike() throws IOException {
        Story story = realistic();
        signed();
        CsvRows honest = CsvRows.parse(export("auditor", story.insurer(), "csv").body());
        String where = "client " + story.client() + ", ";
        List<Integer> selected = new ArrayList<>();
        for (int row = 0; row < honest.size(); row++) {
            if (!honest.get(row, "leaf").isEmpty()) {
                selected.add(row);
            }
        }
        int technique = honest.find("type", "TechniqueApplied");
        String techniqueLeaf = honest.get(technique, "leafIndex");

        CsvRows changed = honest.copy();
        byte[] leaf = Base64.getDecoder().decode(changed.get(technique, "leaf"));
        leaf[leaf.length / 2] ^= 0x01;
        changed.set(technique, "leaf", Base64.getEncoder().encodeToString(leaf));
        assertThat(problems(changed.toString())).singleElement().satisfies(p -> {
            assertThat(p.where()).isEqualTo(where + "event leaf " + techniqueLeaf);
            assertThat(p.what()).startsWith("changed: its leaf bytes hash to ");
        });

        String payload = honest.get(technique, "payload");
        String forged = payload.replace("LIGHT_STROKING", "DEEP_TISSUE");
        assertThat(problems(honest.copy().set(technique, "payload", forged).toString())).containsExactly(new Problem(
                where + "event leaf " + techniqueLeaf, "changed: its payload cell says \"" + forged + "\", but its "
                        + "leaf says \"" + payload + "\""));

        assertThat(problems(honest.copy().clear(technique, CsvExport.EVENT_CELLS).toString())).singleElement()
                .satisfies(p -> {
                    assertThat(p.where()).startsWith(where + "entry ").endsWith(" (leaf " + techniqueLeaf + ")");
                    assertThat(p.what()).startsWith("left out: the selection rule selects this TechniqueApplied");
                });

        int first = honest.find("record", "event");
        ClientEntry registered = ClientEntry.decode(story.client(),
                Base64.getDecoder().decode(honest.get(first, "entry")));
        ObjectNode genuine = genuineEvent(registered.leafIndex(), Long.parseLong(json(honest.get(0, "checkpoint"))
                .path("treeSize").asText()));
        CsvRows added = honest.copy().set(first, "leafIndex", genuine.path("leafIndex").asText())
                .set(first, "leaf", genuine.path("leaf").asText())
                .set(first, "proof", String.join(" ", texts(genuine.path("proof"))));
        readable(store.eventsAt(List.of(registered.leafIndex())).get(registered.leafIndex()))
                .forEach((column, value) -> added.set(first, column, value));
        assertThat(problems(added.toString())).containsExactly(new Problem(where + "event leaf "
                + registered.leafIndex(), "added: the selection rule does not select this ClientRegistered at "
                + registered.at() + " (entry 0)"));

        int sixth = selected.get(6);
        int seventh = selected.get(7);
        assertThat(problems(honest.copy().swap(sixth, seventh, CsvExport.EVENT_CELLS).toString())).containsExactly(
                new Problem(where + "event leaf " + honest.get(sixth, "leafIndex"), "comes after event leaf "
                        + honest.get(seventh, "leafIndex") + ": the events are not in the order of the client's "
                        + "chain (a reordered pair)"));

        CsvRows withoutTheSession = honest.copy();
        List<String> sessionLeaves = new ArrayList<>();
        for (int row : selected) {
            if (honest.get(row, "sessionId").equals(story.session())) {
                sessionLeaves.add(honest.get(row, "leafIndex"));
                withoutTheSession.clear(row, CsvExport.EVENT_CELLS);
            }
        }
        withoutTheSession.remove(honest.find("record", "assessment"));
        List<Problem> sessionDropped = problems(withoutTheSession.toString());
        assertThat(sessionLeaves).as("the session's 7 events").hasSize(7);
        assertThat(sessionDropped.stream().filter(p -> p.what().startsWith("left out: ")).map(Problem::where)
                .map(w -> w.substring(w.indexOf("(leaf ") + 6, w.length() - 1)))
                .containsExactlyElementsOf(sessionLeaves);
        assertThat(sessionDropped.stream().filter(p -> !p.what().startsWith("left out: ")))
                .extracting(Problem::what).hasSize(3).allSatisfy(what -> assertThat(what).startsWith("added: "));

        int last = selected.get(selected.size() - 1);
        assertThat(problems(honest.copy().clear(last, CsvExport.EVENT_CELLS).toString())).singleElement()
                .satisfies(p -> {
                    assertThat(p.where()).isEqualTo(where + "entry 17 (leaf " + honest.get(last, "leafIndex") + ")");
                    assertThat(p.what()).startsWith("left out: the selection rule selects this SessionEnded");
                });

        int refusal = honest.find("type", "PrecautionBlocked");
        assertThat(problems(honest.copy().clear(refusal, CsvExport.EVENT_CELLS).toString())).singleElement()
                .satisfies(p -> {
                    assertThat(p.where()).endsWith(" (leaf " + honest.get(refusal, "leafIndex") + ")");
                    assertThat(p.what()).startsWith("left out: the selection rule selects this PrecautionBlocked");
                });
    }

    @Test
    void aWithdrawnConsentOrAnotherInsurerTakesTheClientOutOfLaterExports() {
        String insurer = unique("INS");
        String other = unique("INS");
        String stays = unique("stays");
        String withdraws = unique("withdraws");
        String moves = unique("moves");
        ClientStory story = story();
        for (String client : List.of(stays, withdraws, moves)) {
            story.registered(client).client(client, new InsuranceRecorded(client, insurer, "POL-1", true));
        }
        signed();
        assertThat(clientsOf(export("admin", insurer))).containsExactlyInAnyOrder(stays, withdraws, moves);

        story.client(withdraws, new InsuranceRecorded(withdraws, insurer, "POL-1", false))
                .client(moves, new InsuranceRecorded(moves, other, "POL-2", true));
        signed();
        assertThat(clientsOf(export("admin", insurer))).containsExactly(stays);
        assertThat(clientsOf(export("auditor", other))).containsExactly(moves);
    }

    @Test
    void anInsurerExportsOnlyItsOwnClientsATherapistNoneAndAnAnonymousCallerIsUnknown() {
        Story story = realistic();
        String insured = unique("insured");
        story().registered(insured).client(insured, new InsuranceRecorded(insured, "INS-X", "POL-1", true));
        signed();

        HttpResponse<String> own = export("insurer-x", "INS-X");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(clientsOf(own)).contains(insured).doesNotContain(story.client());

        HttpResponse<String> another = export("insurer-x", story.insurer());
        assertThat(another.statusCode()).isEqualTo(403);
        assertThat(another.body()).contains("/forbidden").contains("its own clients");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM access_log WHERE user_id = 'insurer-x' "
                + "AND outcome = 'REFUSED' AND endpoint LIKE ?", Integer.class, "%insurerId=" + story.insurer() + "%"))
                .isEqualTo(1);

        assertThat(export("therapist-a", story.insurer()).statusCode()).isEqualTo(403);
        assertThat(export(null, story.insurer()).statusCode()).isEqualTo(401);
        assertThat(clientsOf(export("auditor", story.insurer()))).containsExactly(story.client());
        assertThat(clientsOf(export("admin", story.insurer()))).containsExactly(story.client());

        HttpResponse<String> verify = post("therapist-a", "/api/exports/verify", own.body());
        assertThat(verify.statusCode()).isEqualTo(403);
        assertThat(post(null, "/api/exports/verify", own.body()).statusCode()).isEqualTo(401);
        assertThat(post("auditor", "/api/exports/verify", "text/plain", own.body()).statusCode()).isEqualTo(415);
    }

    /** An export is verified as it was downloaded: in its own media type too, and the verdict is the same. */
    @Test
    void eachFormatIsVerifiedInTheMediaTypeItCameIn() {
        Story story = realistic();
        signed();
        for (String format : List.of("json", "csv", "fhir")) {
            HttpResponse<String> export = export("admin", story.insurer(), format);
            String type = export.headers().firstValue("Content-Type").orElseThrow();
            HttpResponse<String> verdict = post("auditor", "/api/exports/verify", type, export.body());
            assertThat(verdict.statusCode()).as(format + " sent as " + type + ": " + verdict.body()).isEqualTo(200);
            assertThat(json(verdict.body()).path("valid").asBoolean()).as(format).isTrue();
            String broken = export.body().replace(story.session(), story.session() + "x");
            assertThat(json(post("auditor", "/api/exports/verify", type, broken).body()).path("valid").asBoolean())
                    .as(format + " changed").isFalse();
        }
    }

    @Test
    void everyExportedClientIsInTheAccessLogWithWhoTheInsurerTheRangeAndTheFormat() {
        String insurer = unique("INS");
        String first = unique("a");
        String second = unique("b");
        for (String client : List.of(first, second)) {
            story().registered(client).client(client, new InsuranceRecorded(client, insurer, "POL-1", true));
        }
        signed();
        for (String format : List.of("json", "csv")) {
            assertThat(export("auditor", insurer, format).statusCode()).isEqualTo(200);

            List<Map<String, Object>> logged = jdbc.queryForList("SELECT user_id, role, client_id, endpoint, outcome "
                    + "FROM access_log WHERE endpoint LIKE ? ORDER BY chain_position", "%insurerId=" + insurer
                    + "%format=" + format);
            assertThat(logged).extracting(row -> row.get("client_id")).containsExactlyInAnyOrder(first, second);
            assertThat(logged).allSatisfy(row -> {
                assertThat(row.get("user_id")).isEqualTo("auditor");
                assertThat(row.get("outcome")).isEqualTo("ALLOWED");
                assertThat((String) row.get("endpoint")).isEqualTo("GET /api/exports?insurerId=" + insurer + "&from="
                        + from + "&to=" + to + "&format=" + format);
            });
        }

        String nobody = unique("INS");
        assertThat(export("auditor", nobody).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT client_id FROM access_log WHERE endpoint LIKE ?", String.class,
                "%insurerId=" + nobody + "%")).as("an export of no client is logged once")
                .containsExactly((String) null);
    }

    @Test
    void everyBrokenRuleOfTheQueryIsNamed() {
        HttpResponse<String> nothing = read("admin", "/api/exports");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(fields(nothing)).containsExactly("insurerId", "from", "to", "format");

        String ok = "&from=" + from + "&to=" + to;
        for (String unknown : List.of("xml", "JSON", "CSV", "")) {
            assertThat(fields(read("admin", "/api/exports?insurerId=INS-X" + ok + "&format=" + unknown)))
                    .containsExactly("format");
        }
        assertThat(fields(read("admin", "/api/exports?insurerId=INS%E2%80%A8X" + ok + "&format=json")))
                .containsExactly("insurerId");
        assertThat(fields(read("admin", "/api/exports?insurerId=" + "I".repeat(65) + ok + "&format=json")))
                .containsExactly("insurerId");
        assertThat(fields(read("admin", "/api/exports?insurerId=INS-X&from=" + to + "&to=" + from + "&format=json")))
                .containsExactly("to");
        assertThat(fields(read("admin", "/api/exports?insurerId=INS-X&from=2024-01-01T00:00:00Z"
                + "&to=2025-01-02T00:00:00Z&format=json"))).as("367 days").containsExactly("to");
        assertThat(read("admin", "/api/exports?insurerId=INS-X&from=2024-01-01T00:00:00Z"
                + "&to=2025-01-01T00:00:00Z&format=json").statusCode()).as("366 days").isEqualTo(200);
        assertThat(fields(read("admin", "/api/exports?insurerId=INS-X&from=yesterday&to=2025-01-01&format=json")))
                .containsExactly("from", "to");
    }

    /**
     * The header and the first client arrive while the export is held before the last client is read, in every
     * format: until the first client's sessions (JSON), its assessment row (CSV) or its id (FHIR).
     */
    @Test
    void theAnswerStartsBeforeTheLastClientIsRead() throws Exception {
        String insurer = unique("INS");
        String first = "a-" + unique("first");
        String last = "b-" + unique("last");
        for (String client : List.of(first, last)) {
            story().realisticClient(client).client(client, new InsuranceRecorded(client, insurer, "POL-1", true))
                    .session(client, client + "-s1").pressure(LOWER_BACK, 1).ended();
        }
        signed();
        theAnswerStartsBeforeTheLastClientIsRead(insurer, "json", "\"sessions\"", first, last);
        theAnswerStartsBeforeTheLastClientIsRead(insurer, "csv", "\r\nassessment,", first, last);
        theAnswerStartsBeforeTheLastClientIsRead(insurer, "fhir", "\"" + first + "\"", first, last);
    }

    private void theAnswerStartsBeforeTheLastClientIsRead(String insurer, String format, String firstClientWritten,
                                                          String first, String last) throws Exception {
        ExportGate.Hold hold = gate.hold(last);
        String sawBeforeRelease;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            HttpResponse<InputStream> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port + exportPath(insurer, format))).header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("auditor:demo".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(answer.statusCode()).isEqualTo(200);
            InputStream in = answer.body();
            byte[] buffer = new byte[256];
            while (!body.toString(StandardCharsets.UTF_8).contains(firstClientWritten)) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                body.write(buffer, 0, n);
            }
            sawBeforeRelease = body.toString(StandardCharsets.UTF_8);
            hold.release();
            in.transferTo(body);
        } finally {
            hold.release();
        }
        assertThat(hold.wasReached()).as("the export was held at the last client").isTrue();
        assertThat(hold.timedOut()).as("the first client arrived while the last was held").isFalse();
        assertThat(sawBeforeRelease).contains(first).contains(firstClientWritten).doesNotContain(last);
        assertThat(clientsOf(format, body.toString(StandardCharsets.UTF_8))).containsExactly(first, last);
        assertThat(verifiedEverywhere(body.toString(StandardCharsets.UTF_8), "auditor")).isEqualTo(Verdict.ok());
    }

    @Test
    void theVerificationTakesAnExportLargerThanOtherBodies() throws IOException {
        Story story = realistic();
        signed();
        ObjectNode export = (ObjectNode) json(export("admin", story.insurer()).body());
        export.put("padding", "x".repeat(100_000));
        String body = export.toString();
        assertThat(body.length()).isGreaterThan(64 * 1024);
        assertThat(verifiedEverywhere(body, "admin")).isEqualTo(Verdict.ok());
    }

    /** Waits until the log has every event written so far, then signs a checkpoint over it. */
    private void signed() {
        read("admin", "/api/me");
        issuer.issue();
    }

    private String exportPath(String insurer, String format) {
        return "/api/exports?insurerId=" + insurer + "&from=" + from + "&to=" + to + "&format=" + format;
    }

    private HttpResponse<String> export(String user, String insurer) {
        return export(user, insurer, "json");
    }

    private HttpResponse<String> export(String user, String insurer, String format) {
        return read(user, exportPath(insurer, format));
    }

    /**
     * The verdict of POST /api/exports/verify (as {@code user}), which must be the verifier library's and the
     * command line's, problem for problem.
     */
    private Verdict verifiedEverywhere(String export, String user) throws IOException {
        HttpResponse<String> answer = post(user, "/api/exports/verify", export);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Verdict endpoint = JSON.readValue(answer.body(), Verdict.class);

        Verdict library = ExportVerification.verify(new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)),
                key.trusted().values());

        Path file = Files.writeString(dir.resolve("export-" + System.nanoTime() + (export.startsWith("{") ? ".json"
                : ".csv")), export);
        Path pem = Files.writeString(dir.resolve("key.pem"), Keys.toPem(key.publicKey()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--public-key", pem.toString(), "--json", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        Verdict commandLine = JSON.readValue(out.toString(StandardCharsets.UTF_8), Verdict.class);

        assertThat(library).isEqualTo(endpoint);
        assertThat(commandLine).isEqualTo(endpoint);
        assertThat(status).isEqualTo(endpoint.valid() ? 0 : 1);
        return endpoint;
    }

    /**
     * The problems of the tampered JSON export, which the same export translated to FHIR must give too, everywhere:
     * so each tampering is tested in both formats.
     */
    private List<Problem> problems(JsonNode export) {
        List<Problem> problems = problems(export.toString());
        try {
            assertThat(verifiedEverywhere(fhir(export), "admin")).as("the same tampering in FHIR")
                    .isEqualTo(Verdict.of(problems));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    /** The problems of a tampered export in any format, the same everywhere, checked not to be none. */
    private List<Problem> problems(String export) {
        try {
            Verdict verdict = verifiedEverywhere(export, "admin");
            assertThat(verdict.valid()).isFalse();
            return verdict.problems();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON export in FHIR (the same header, clients, events and assessments), as the fhir format writes it. */
    private static String fhir(JsonNode export) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FhirBundleWriter.translate(export, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An event of the log with its true leaf and inclusion proof, read from the store as the export reads them. */
    private ObjectNode genuineEvent(long leaf, long treeSize) {
        LogEvent event = store.eventsAt(List.of(leaf)).get(leaf);
        ObjectNode json = JSON.createObjectNode();
        json.put("leafIndex", leaf);
        json.put("leaf", Base64.getEncoder().encodeToString(LeafEncoding.encode(event)));
        ArrayNode proof = json.putArray("proof");
        store.withNodes(source -> MerkleTree.inclusionProof(leaf, treeSize, source))
                .forEach(h -> proof.add(Hex.encode(h)));
        return json;
    }

    /**
     * What the readable columns of an event row say of the event (docs/export-format.md, "CSV"), worked out here on
     * its own: the stored timestamp, the type's simple name, the payload's sessionId, who did it and in which role,
     * the payload.
     */
    private static Map<String, String> readable(LogEvent event) {
        String payload = new String(event.payload(), StandardCharsets.UTF_8);
        JsonNode metadata = json(new String(event.metadata(), StandardCharsets.UTF_8));
        return Map.of("timestamp", event.timestamp(), "type", event.payloadType().substring(EVENTS.length()),
                "sessionId", json(payload).path("sessionId").asText(""), "userId", metadata.path("userId").asText(""),
                "role", metadata.path("role").asText(""), "payload", payload);
    }

    private static LogEvent leaf(CsvRows csv, int row) {
        return LeafEncoding.decode(Base64.getDecoder().decode(csv.get(row, "leaf")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(text -> texts.add(text.asText()));
        return texts;
    }

    private static List<LogEvent> events(JsonNode client) {
        List<LogEvent> events = new ArrayList<>();
        client.path("events").forEach(e -> events.add(LeafEncoding.decode(
                Base64.getDecoder().decode(e.path("leaf").asText()))));
        return events;
    }

    private static String streamOf(JsonNode event) {
        return LeafEncoding.decode(Base64.getDecoder().decode(event.path("leaf").asText())).streamId();
    }

    /** The leaves and the resources derived from them: what does not depend on the checkpoint. */
    private static List<JsonNode> derived(String bundle) {
        List<JsonNode> resources = new ArrayList<>();
        json(bundle).path("entry").forEach(entry -> {
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText();
            if (!type.equals("Provenance") && !(type.equals("Binary") && !resource.path("contentType").asText()
                    .equals(FhirBundleWriter.LEAF_TYPE))) {
                resources.add(resource);
            }
        });
        return resources;
    }

    private static int count(List<LogEvent> events, String type) {
        return (int) events.stream().filter(e -> e.payloadType().equals(EVENTS + type)).count();
    }

    private static int indexOf(List<LogEvent> events, String type) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).payloadType().equals(EVENTS + type)) {
                return i;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static ObjectNode without(ObjectNode export, Predicate<JsonNode> gone) {
        ArrayNode events = (ArrayNode) export.at("/clients/0/events");
        List<JsonNode> kept = new ArrayList<>();
        events.forEach(e -> {
            if (!gone.test(e)) {
                kept.add(e);
            }
        });
        events.removeAll();
        events.addAll(kept);
        return export;
    }

    private static List<String> clientsOf(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return clientsOf(json(answer.body()));
    }

    /** The clients of an export in this format, in its order: in FHIR, the client ids of its Patients. */
    private static List<String> clientsOf(String format, String body) {
        List<String> clients = new ArrayList<>();
        switch (format) {
            case "json" -> clients.addAll(clientsOf(json(body)));
            case "csv" -> {
                CsvRows csv = CsvRows.parse(body);
                for (int row = 0; row < csv.size(); row++) {
                    if (csv.get(row, "record").equals("client")) {
                        clients.add(csv.get(row, "clientId"));
                    }
                }
            }
            default -> strictBundle(body).getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(Patient.class::isInstance).map(Patient.class::cast)
                    .forEach(patient -> clients.add(patient.getIdentifierFirstRep().getValue()));
        }
        return clients;
    }

    /** The Bundle parsed by HAPI's strict parser: an unknown element or an invalid value fails the test. */
    private static Bundle strictBundle(String body) {
        return FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                .parseResource(Bundle.class, body);
    }

    private static List<String> clientsOf(JsonNode export) {
        List<String> clients = new ArrayList<>();
        export.path("clients").forEach(c -> clients.add(c.path("clientId").asText()));
        return clients;
    }

    private static List<String> fields(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        json(answer.body()).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }
}
