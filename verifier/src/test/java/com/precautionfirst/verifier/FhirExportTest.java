package com.precautionfirst.verifier;

import static com.precautionfirst.verifier.ExportVerificationTest.verify;
import static com.precautionfirst.verifier.ExportVerificationTest.wheres;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 0062: an export in FHIR parses strictly as an R4 Bundle whose references all resolve inside it, holds a
 * resource per session, refusal and clearance with a Provenance each, and verifies; each tampering of the JSON format's
 * tests, done to the FHIR export, gives exactly the JSON verdict's problems; and what only FHIR has (a clinical resource
 * changed with its leaves intact, a Provenance removed, a dangling reference, what is not FHIR) is reported, named.
 */
class FhirExportTest {

    private final ExportFixture log = ExportFixture.standard();

    @TempDir
    Path dir;

    @Test
    void anHonestExportIsAStrictR4BundleWhoseReferencesResolveAndItVerifies() {
        String honest = log.honestFhir();
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                .parseResource(Bundle.class, honest);
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);

        Set<String> urls = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)
                .collect(Collectors.toSet());
        assertThat(urls).hasSize(bundle.getEntry().size());
        List<String> references = new ArrayList<>();
        bundle.getEntry().forEach(entry -> FhirContext.forR4Cached().newTerser()
                .getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class).stream()
                .filter(Reference::hasReference).forEach(r -> references.add(r.getReference())));
        assertThat(references).isNotEmpty().allSatisfy(reference -> assertThat(urls).contains(reference));

        Map<String, Long> counts = bundle.getEntry().stream().collect(Collectors.groupingBy(
                e -> e.getResource().fhirType(), TreeMap::new, Collectors.counting()));
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Binary", 1L + 1 + ExportFixture.SELECTED.size(), // the checkpoint, the client, one per event
                "Patient", 1L, "Consent", 1L, "Condition", 1L, "Practitioner", 1L, "Basic", 1L,
                "Procedure", 1L, // the session in range, s-1
                "AuditEvent", 2L, // the refused start and the refused pressure
                "Provenance", 8L)); // one per resource above but the Binaries
        Set<String> targets = new HashSet<>();
        bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Provenance.class::isInstance).map(Provenance.class::cast)
                .forEach(p -> p.getTarget().forEach(t -> targets.add(t.getReference())));
        assertThat(bundle.getEntry()).filteredOn(e -> !List.of("Binary", "Provenance")
                .contains(e.getResource().fhirType())).allSatisfy(e -> assertThat(targets).contains(e.getFullUrl()));

        Procedure session = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Procedure.class::isInstance).map(Procedure.class::cast).findFirst().orElseThrow();
        assertThat(session.getBodySite()).extracting(c -> c.getCodingFirstRep().getCode())
                .containsExactly("LOWER_BACK");
        assertThat(session.getStatus()).isEqualTo(Procedure.ProcedureStatus.COMPLETED);
        assertThat(session.hasExtension(FhirResources.ASSESSMENT)).isTrue();
        assertThat(honest).doesNotContain("Maria Keller").doesNotContain("unrelated, never exported");

        assertThat(verify(honest)).isEqualTo(Verdict.ok());
        assertThat(log.honestFhir()).as("the same log, the same bytes").isEqualTo(honest);
    }

    @Test
    void eachTamperingOfTheJsonFormatsTestsGivesTheSameProblemsInFhir() {
        Set<Long> withoutTheSession = new HashSet<>(ExportFixture.SELECTED);
        withoutTheSession.removeAll(ExportFixture.SESSION);

        ObjectNode changed = log.honest();
        ObjectNode event = ExportVerificationTest.event(changed, 9);
        byte[] leaf = Base64.getDecoder().decode(event.get("leaf").asText());
        leaf[leaf.length - 60] ^= 0x01;
        event.put("leaf", Base64.getEncoder().encodeToString(leaf));

        ObjectNode reordered = log.honest();
        ArrayNode events = (ArrayNode) reordered.at("/clients/0/events");
        JsonNode first = events.get(4);
        events.set(4, events.get(5));
        events.set(5, first);

        ObjectNode foreign = log.honest();
        ((ArrayNode) foreign.at("/clients/0/events")).insert(3, log.event(5));

        ObjectNode chainCut = ExportVerificationTest.without(log.honest(), ExportFixture.LAST);
        ArrayNode entries = (ArrayNode) chainCut.at("/clients/0/entries");
        entries.remove(entries.size() - 1);

        ObjectNode wrongProof = log.honest();
        ArrayNode proof = (ArrayNode) ExportVerificationTest.event(wrongProof, 13).get("proof");
        proof.set(0, proof.get(1));

        Map<String, ObjectNode> tamperings = new TreeMap<>(Map.ofEntries(
                Map.entry("a changed byte in a leaf", changed),
                Map.entry("a removed event", log.export(without(9))),
                Map.entry("an added event of the client", log.export(with(0))),
                Map.entry("an added event of another client", foreign),
                Map.entry("an added session outside the range", log.export(with(11))),
                Map.entry("a reordered pair", reordered),
                Map.entry("a whole session dropped", log.export(withoutTheSession)),
                Map.entry("the last event dropped", log.export(without(ExportFixture.LAST))),
                Map.entry("the last event dropped with its entry", chainCut),
                Map.entry("a refusal dropped", log.export(without(ExportFixture.REFUSAL))),
                Map.entry("a refusal within the session dropped", log.export(without(10))),
                Map.entry("the clearance dropped", log.export(without(3))),
                Map.entry("a wrong inclusion proof", wrongProof)));
        tamperings.forEach((tampering, json) -> {
            Verdict verdict = verify(json);
            assertThat(verdict.valid()).as(tampering).isFalse();
            assertThat(verify(ExportFixture.fhir(json))).as(tampering + " in FHIR").isEqualTo(verdict);
        });
        assertThat(wheres(verify(ExportFixture.fhir(changed)))).containsExactly("client c-1, event leaf 9");
        assertThat(verify(ExportFixture.fhir(reordered)).problems()).containsExactly(new Problem(
                "client c-1, event leaf 7", "comes after event leaf 8: the events are not in the order of the "
                        + "client's chain (a reordered pair)"));
    }

    @Test
    void aClinicalResourceChangedWithItsLeavesIntactIsReportedChangedByName() {
        String fhir = tampered(bundle -> {
            ObjectNode procedure = resource(bundle, "Procedure");
            ((ObjectNode) procedure.at("/bodySite/0/coding/0")).put("code", "NECK_SHOULDERS");
        });
        List<Problem> problems = verify(fhir).problems();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.where()).isEqualTo("client c-1, Procedure of session s-1");
            assertThat(p.what()).startsWith("changed: it is not the Procedure the events of leaves [7, 8, 9, 13, 14]");
        });

        String condition = tampered(bundle -> ((ObjectNode) resource(bundle, "Condition").at("/code/coding/0"))
                .put("code", "M54.5"));
        assertThat(wheres(verify(condition))).containsExactly("client c-1, Condition cond-a");

        String signature = tampered(bundle -> ((ObjectNode) resource(bundle, "Provenance").at("/signature/0"))
                .put("data", Base64.getEncoder().encodeToString(new byte[64])));
        assertThat(wheres(verify(signature))).containsExactly("client c-1, Provenance of Patient");
    }

    @Test
    void theAssessmentIsNotCoveredByTheProofsButOnlyOnASessionOfTheExport() {
        String changed = tampered(bundle -> {
            ArrayNode extensions = (ArrayNode) resource(bundle, "Procedure").get("extension");
            for (JsonNode extension : extensions) {
                if (extension.get("url").asText().equals(FhirResources.ASSESSMENT)) {
                    ((ObjectNode) extension.at("/extension/1")).put("valueString", "PRECAUTIONS_MET");
                }
            }
        });
        assertThat(verify(changed)).isEqualTo(Verdict.ok());
    }

    @Test
    void aResourceWithoutProvenanceADanglingReferenceAndAnAddedResourceAreReported() {
        String unproven = tampered(bundle -> {
            ArrayNode entries = (ArrayNode) bundle.get("entry");
            String procedure = entry(bundle, "Procedure").get("fullUrl").asText();
            entries.remove(indexOf(entries, FhirResources.fullUrl("provenance", procedure)));
        });
        assertThat(verify(unproven).problems()).containsExactly(new Problem("client c-1, Procedure of session s-1",
                "has no Provenance: nothing says which events it comes from"));

        String dangling = tampered(bundle -> ((ObjectNode) resource(bundle, "AuditEvent").at("/entity/0/what"))
                .put("reference", "urn:uuid:00000000-0000-0000-0000-000000000000"));
        assertThat(verify(dangling).problems()).contains(new Problem("client c-1, AuditEvent of event leaf 6",
                "its reference urn:uuid:00000000-0000-0000-0000-000000000000 resolves to no entry of the Bundle"));

        String added = tampered(bundle -> {
            ObjectNode copy = entry(bundle, "Condition").deepCopy();
            copy.put("fullUrl", "urn:uuid:11111111-1111-1111-1111-111111111111");
            ((ArrayNode) bundle.get("entry")).add(copy);
        });
        assertThat(verify(added).problems()).containsExactly(
                new Problem("client c-1, Condition urn:uuid:11111111-1111-1111-1111-111111111111",
                        "added: no event of the client the export proves gives this resource"),
                new Problem("client c-1, Condition urn:uuid:11111111-1111-1111-1111-111111111111",
                        "has no Provenance: nothing says which events it comes from"));
    }

    @Test
    void whatIsNotStrictFhirOrNotThisBundleIsAProblem() {
        String unknownElement = tampered(bundle -> resource(bundle, "Procedure").put("madeUp", true));
        assertThat(verify(unknownElement).problems()).singleElement().satisfies(p -> {
            assertThat(p.where()).startsWith("client c-1, entry urn:uuid:");
            assertThat(p.what()).startsWith("is not a FHIR R4 resource: ").contains("madeUp");
        });

        String badCode = tampered(bundle -> resource(bundle, "Procedure").put("status", "finished"));
        assertThat(verify(badCode).problems()).extracting(Problem::what)
                .anySatisfy(what -> assertThat(what).startsWith("is not a FHIR R4 resource: "));

        String signature = tampered(bundle -> ((ObjectNode) bundle.get("signature")).put("data",
                Base64.getEncoder().encodeToString(new byte[64])));
        assertThat(verify(signature).problems()).containsExactly(new Problem("export",
                "signature: missing, or not the signature of the checkpoint the Bundle holds"));

        String type = tampered(bundle -> bundle.put("type", "document"));
        assertThat(verify(type).problems()).containsExactly(new Problem("export", "type: is not \"collection\""));

        String insurer = tampered(bundle -> ((ObjectNode) bundle.at("/meta/extension/1")).put("valueString", "INS-Y"));
        assertThat(verify(insurer).problems()).containsExactly(new Problem("client c-1, event leaf 4",
                "the client's latest insurance record names insurer INS-X with consentToShare true: the client may "
                        + "not be in an export for insurer INS-Y"));

        String half = log.honestFhir();
        assertThat(verify(half.substring(0, half.length() / 2)).problems()).extracting(Problem::what)
                .anySatisfy(what -> assertThat(what).startsWith("is not valid JSON: "));
    }

    @Test
    void theCommandLineVerifiesAFhirExport() throws IOException {
        Path honest = Files.writeString(dir.resolve("export.fhir.json"), log.honestFhir());
        Path dropped = Files.writeString(dir.resolve("dropped.fhir.json"), log.fhir(without(ExportFixture.REFUSAL)));
        Path pem = Files.writeString(dir.resolve("key.pem"), Keys.toPem(ExportVerificationTest.KEYS.get(0)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[] {"--public-key", pem.toString(), honest.toString()}, print, System.err))
                .isZero();
        assertThat(Main.run(new String[] {"--public-key", pem.toString(), dropped.toString()}, print, System.err))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("valid\nclient c-1, entry 5 (leaf 6): left out: "
                + "the selection rule selects this PrecautionBlocked at 2025-03-01T10:06:00Z, but the export does not "
                + "hold its event\n");
    }

    private static Set<Long> without(long leaf) {
        Set<Long> included = new HashSet<>(ExportFixture.SELECTED);
        included.remove(leaf);
        return included;
    }

    private static Set<Long> with(long leaf) {
        Set<Long> included = new HashSet<>(ExportFixture.SELECTED);
        included.add(leaf);
        return included;
    }

    /** The honest FHIR export changed by {@code change} (on its JSON tree). */
    private String tampered(Consumer<ObjectNode> change) {
        try {
            ObjectNode bundle = (ObjectNode) Json.MAPPER.readTree(log.honestFhir());
            change.accept(bundle);
            return bundle.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first entry whose full URL is {@code key}, or else whose resource is of type {@code key}. */
    private static ObjectNode entry(ObjectNode bundle, String key) {
        for (JsonNode entry : bundle.get("entry")) {
            if (entry.get("fullUrl").asText().equals(key) || entry.at("/resource/resourceType").asText().equals(key)) {
                return (ObjectNode) entry;
            }
        }
        throw new AssertionError("no entry " + key);
    }

    private static ObjectNode resource(ObjectNode bundle, String type) {
        return (ObjectNode) entry(bundle, type).get("resource");
    }

    private static int indexOf(ArrayNode entries, String fullUrl) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).get("fullUrl").asText().equals(fullUrl)) {
                return i;
            }
        }
        throw new AssertionError("no entry " + fullUrl);
    }

    private static String flipped(String base64) {
        byte[] leaf = Base64.getDecoder().decode(base64);
        leaf[leaf.length - 60] ^= 0x01;
        return Base64.getEncoder().encodeToString(leaf);
    }
}
