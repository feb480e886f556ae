package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Decision 0061: an honest export verifies; every way of leaving out, adding, reordering or changing an event is
 * reported naming the client and the event (or the chain entry), and so is an export for an insurer the client did not
 * consent to, a checkpoint that is not trusted or of format v1, and an export that is not one.
 */
class ExportVerificationTest {

    static final List<PublicKey> KEYS = List.of(Keys.publicKeyOf(TestLog.RFC8032_TEST_KEY));

    final ExportFixture log = ExportFixture.standard();

    static Verdict verify(JsonNode export) {
        return verify(export.toString());
    }

    static Verdict verify(String export) {
        try {
            return ExportVerification.verify(new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)), KEYS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> wheres(Verdict verdict) {
        return verdict.problems().stream().map(Problem::where).toList();
    }

    @Test
    void anHonestExportIsValidSoTheRuleSelectsExactlyTheListedEvents() {
        assertThat(verify(log.honest())).isEqualTo(Verdict.ok());
    }

    @Test
    void theRuleSelectsTheSessionInRangeItsClearanceAndConditionTheRefusalAndTheConsent() {
        List<ClientEntry> chain = log.chain("c-1");
        ExportSelection.Selection selection = ExportSelection.select(chain, Instant.parse(ExportFixture.FROM),
                Instant.parse(ExportFixture.TO), wanted -> wanted.stream().collect(Collectors.toMap(
                        ClientEntry::leafIndex, e -> log.events.get((int) e.leafIndex()))));
        assertThat(selection.entries()).extracting(ClientEntry::leafIndex)
                .containsExactlyElementsOf(new java.util.TreeSet<>(ExportFixture.SELECTED));
        assertThat(selection.sessionIds()).containsExactly("s-1");

        // without the payloads at hand, the clearance (and so its condition) cannot be known
        ExportSelection.Selection blind = ExportSelection.select(chain, Instant.parse(ExportFixture.FROM),
                Instant.parse(ExportFixture.TO), wanted -> Map.of());
        assertThat(blind.entries()).extracting(ClientEntry::leafIndex).containsExactly(4L, 6L, 7L, 8L, 9L, 10L, 13L,
                14L);
        assertThat(blind.sessionIds()).isEmpty();

        // a range that holds s-0's start instead: s-0 and its pressure, no longer s-1; the refusal at 10:06 is out
        ExportSelection.Selection earlier = ExportSelection.select(chain, Instant.parse("2025-02-27T00:00:00Z"),
                Instant.parse("2025-02-28T00:00:00Z"), wanted -> wanted.stream().collect(Collectors.toMap(
                        ClientEntry::leafIndex, e -> log.events.get((int) e.leafIndex()))));
        assertThat(earlier.entries()).extracting(ClientEntry::leafIndex).containsExactly(1L, 3L, 4L, 11L, 12L);
    }

    @Test
    void theRangeIsHalfOpen() {
        // s-1 starts at 10:07 exactly: in [10:07, ...), not in [..., 10:07)
        List<ClientEntry> chain = log.chain("c-1");
        ExportSelection.Events none = wanted -> Map.of();
        assertThat(ExportSelection.select(chain, Instant.parse("2025-03-01T10:07:00Z"),
                Instant.parse("2025-03-01T10:08:00Z"), none).sessionIds()).isEmpty();
        assertThat(ExportSelection.select(chain, Instant.parse("2025-03-01T10:07:00Z"),
                Instant.parse("2025-03-01T10:08:00Z"), none).entries()).extracting(ClientEntry::leafIndex)
                .contains(8L);
        assertThat(ExportSelection.select(chain, Instant.parse("2025-03-01T09:00:00Z"),
                Instant.parse("2025-03-01T10:07:00Z"), none).entries()).extracting(ClientEntry::leafIndex)
                .doesNotContain(8L).contains(6L);
    }

    @Test
    void aChangedByteInALeafIsReportedAtItsEvent() {
        ObjectNode export = log.honest();
        ObjectNode event = event(export, 9);
        event.put("leaf", flipped(event.get("leaf").asText()));

        Verdict verdict = verify(export);
        assertThat(wheres(verdict)).containsExactly("client c-1, event leaf 9");
        assertThat(verdict.problems().get(0).what()).startsWith("changed: its leaf bytes hash to ")
                .contains("but the client's chain says " + Hex.encode(log.leafHashes().get(9)) + " for leaf 9");
    }

    @Test
    void aRemovedEventIsLeftOut() {
        Verdict verdict = verify(without(log.honest(), 9L));
        assertThat(verdict.problems()).containsExactly(new Problem("client c-1, entry 8 (leaf 9)",
                "left out: the selection rule selects this PressureAdjusted at 2025-03-01T10:09:00Z, but the export "
                        + "does not hold its event"));
    }

    @Test
    void anAddedEventOfTheClientIsNotSelected() {
        ObjectNode export = log.honest();
        ArrayNode events = (ArrayNode) export.at("/clients/0/events");
        events.insert(0, log.event(0));
        Verdict verdict = verify(export);
        assertThat(verdict.problems()).containsExactly(new Problem("client c-1, event leaf 0",
                "added: the selection rule does not select this ClientRegistered at 2025-03-01T10:00:00Z (entry 0)"));
    }

    @Test
    void anAddedEventOfAnotherClientIsNoneOfTheClientsEvents() {
        ObjectNode export = log.honest();
        ((ArrayNode) export.at("/clients/0/events")).insert(3, log.event(5));
        Verdict verdict = verify(export);
        assertThat(wheres(verdict)).containsExactly("client c-1, event leaf 5");
        assertThat(verdict.problems().get(0).what()).startsWith("added: no entry of the client's chain has leaf index 5");
    }

    @Test
    void aReorderedPairIsReported() {
        Verdict verdict = verify(reordered(log.honest()));
        assertThat(verdict.problems()).containsExactly(new Problem("client c-1, event leaf 7", "comes after event "
                + "leaf 8: the events are not in the order of the client's chain (a reordered pair)"));
    }

    /** The export with its events of leaf 7 and 8 swapped. */
    static ObjectNode reordered(ObjectNode export) {
        ArrayNode events = (ArrayNode) export.at("/clients/0/events");
        JsonNode first = events.get(4);
        events.set(4, events.get(5));
        events.set(5, first);
        return export;
    }

    /** The leaf (base64) with one bit of its 60th byte from the end flipped. */
    static String flipped(String leaf) {
        byte[] bytes = Base64.getDecoder().decode(leaf);
        bytes[bytes.length - 60] ^= 0x01;
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void droppingAWholeSessionLeavesOutEachOfItsEvents() {
        Set<Long> rest = new HashSet<>(ExportFixture.SELECTED);
        rest.removeAll(ExportFixture.SESSION);
        ObjectNode export = log.export(rest);
        ((ArrayNode) export.at("/clients/0/sessions")).removeAll();

        Verdict verdict = verify(export);
        assertThat(wheres(verdict)).containsExactly("client c-1, entry 6 (leaf 7)", "client c-1, entry 7 (leaf 8)",
                "client c-1, entry 8 (leaf 9)", "client c-1, entry 9 (leaf 10)", "client c-1, entry 12 (leaf 13)",
                "client c-1, entry 13 (leaf 14)",
                // and what only the session's start brought in is now in the export for no reason
                "client c-1, event leaf 1", "client c-1, event leaf 3");
        assertThat(verdict.problems().subList(0, 6)).allSatisfy(p -> assertThat(p.what()).startsWith("left out: "));
        assertThat(verdict.problems().get(1).what()).contains("SessionStarted at 2025-03-01T10:07:00Z");
        assertThat(verdict.problems().subList(6, 8)).allSatisfy(p -> assertThat(p.what()).startsWith("added: "));
    }

    @Test
    void droppingTheClientsLastEventIsReported() {
        assertThat(verify(without(log.honest(), ExportFixture.LAST)).problems()).singleElement()
                .isEqualTo(new Problem("client c-1, entry 13 (leaf 14)", "left out: the selection rule selects this "
                        + "SessionEnded at 2025-03-01T10:14:00Z, but the export does not hold its event"));
    }

    @Test
    void droppingTheLastEventWithItsEntryBreaksTheSignedChain() {
        ObjectNode export = without(log.honest(), ExportFixture.LAST);
        ArrayNode entries = (ArrayNode) export.at("/clients/0/entries");
        entries.remove(entries.size() - 1);
        Verdict verdict = verify(export);
        assertThat(wheres(verdict)).containsExactly("client c-1");
        assertThat(verdict.problems().get(0).what()).startsWith("its 13 entries chain to head ")
                .endsWith(" of 14 entries its map proof signs: entries were left out, added, changed or reordered");
    }

    @Test
    void droppingARefusalIsReported() {
        assertThat(verify(without(log.honest(), ExportFixture.REFUSAL)).problems()).containsExactly(new Problem(
                "client c-1, entry 5 (leaf 6)", "left out: the selection rule selects this PrecautionBlocked at "
                        + "2025-03-01T10:06:00Z, but the export does not hold its event"));
        assertThat(wheres(verify(without(log.honest(), 10L)))).as("a refusal within the session")
                .containsExactly("client c-1, entry 9 (leaf 10)");
    }

    @Test
    void droppingTheClearanceLeavesItOutAndItsConditionCanNoLongerBeChecked() {
        Verdict verdict = verify(without(log.honest(), 3L));
        // the condition's event is still there but, with the clearance's payload gone, nothing selects it
        assertThat(wheres(verdict)).containsExactly("client c-1, entry 3 (leaf 3)", "client c-1, event leaf 1");
    }

    @Test
    void aWrongInclusionProofIsReported() {
        ObjectNode export = log.honest();
        ArrayNode proof = (ArrayNode) event(export, 13).get("proof");
        proof.set(0, proof.get(1));
        Verdict verdict = verify(export);
        assertThat(wheres(verdict)).containsExactly("client c-1, event leaf 13");
        assertThat(verdict.problems().get(0).what()).startsWith("its inclusion proof does not verify against the root");
    }

    @Test
    void aClientWhoseLatestInsuranceIsWithdrawnOrWithAnotherInsurerMayNotBeExported() {
        for (String[] later : new String[][] {{ExportFixture.INSURER, "false"}, {"INS-Y", "true"}}) {
            ExportFixture withdrawn = ExportFixture.standard();
            withdrawn.insurance("c-1", later[0], Boolean.parseBoolean(later[1]));
            Set<Long> included = new HashSet<>(ExportFixture.SELECTED);
            included.remove(4L);
            included.add(15L);
            Verdict verdict = verify(withdrawn.export(included));
            assertThat(verdict.problems()).containsExactly(new Problem("client c-1, event leaf 15",
                    "the client's latest insurance record names insurer " + later[0] + " with consentToShare "
                            + later[1] + ": the client may not be in an export for insurer INS-X"));
        }
        ExportFixture never = new ExportFixture();
        never.client("ClientRegistered", "c-1", "{\"clientId\":\"c-1\"}");
        assertThat(verify(never.export(List.of())).problems()).containsExactly(new Problem("client c-1",
                "has no insurance record, so no consent to share with insurer INS-X"));
    }

    @Test
    void anAssessmentOfASessionOutsideTheExportIsReported() {
        ObjectNode export = log.honest();
        ((ArrayNode) export.at("/clients/0/sessions")).addObject().put("sessionId", "s-0").putNull("assessment");
        assertThat(verify(export).problems()).containsExactly(new Problem("client c-1, session s-0",
                "added: an assessment of a session the selection rule does not select"));
    }

    @Test
    void theCheckpointMustBeTrustedAndOfFormatV2() {
        ObjectNode export = log.honest();
        ((ObjectNode) export.get("checkpoint")).put("treeSize", 14);
        assertThat(verify(export).problems()).extracting(Problem::what)
                .contains("signature does not verify with key " + MainTest.KEY_ID);

        ObjectNode v1 = log.honest();
        ObjectNode checkpoint = (ObjectNode) v1.get("checkpoint");
        checkpoint.remove(List.of("clients", "clientMapRoot"));
        Verdict verdict = verify(v1);
        assertThat(verdict.problems()).extracting(Problem::what).contains("is of format v1: it signs no client map, so "
                + "no export can prove itself complete against it");
        assertThat(verdict.valid()).isFalse();

        Verdict untrusted;
        try {
            untrusted = ExportVerification.verify(new ByteArrayInputStream(log.honest().toString()
                    .getBytes(StandardCharsets.UTF_8)), List.of(Keys.generate().getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(untrusted.problems()).singleElement().extracting(Problem::what).asString()
                .contains("which is not a trusted key");
    }

    @Test
    void aClientTwiceAndAnEventTwiceAreReported() {
        ObjectNode export = log.honest();
        ((ArrayNode) export.get("clients")).add(export.get("clients").get(0).deepCopy());
        assertThat(verify(export).problems()).containsExactly(new Problem("client c-1", "is in the export twice"));

        ObjectNode twice = log.honest();
        ArrayNode events = (ArrayNode) twice.at("/clients/0/events");
        events.insert(1, events.get(1).deepCopy());
        assertThat(verify(twice).problems()).containsExactly(new Problem("client c-1, event leaf 3",
                "is in the export twice"));
    }

    @Test
    void whatIsNoExportOfThisFormatIsAProblemNotAnException() {
        assertThat(verify("").problems()).containsExactly(new Problem("export", "is not a JSON object"));
        assertThat(verify("{\"export\": tru").problems()).extracting(Problem::what).singleElement().asString()
                .startsWith("is not valid JSON: ");
        assertThat(verify("[1]").problems()).containsExactly(new Problem("export", "is not a JSON object"));
        String honest = log.honest().toString();
        assertThat(verify(honest.substring(0, honest.length() / 2)).problems()).extracting(Problem::what)
                .anySatisfy(what -> assertThat(what).startsWith("is not valid JSON: "));
        assertThat(verify(honest.replace("\"insurerId\":\"INS-X\"", "\"insurerId\":\"INS-X\",\"insurerId\":\"INS-Y\""))
                .problems()).extracting(Problem::what).singleElement().asString()
                .contains("Duplicate field 'insurerId'");

        ObjectNode late = log.honest();
        JsonNode clients = late.remove("clients");
        JsonNode from = late.remove("from");
        late.set("clients", clients);
        late.set("from", from);
        assertThat(verify(late).problems()).contains(new Problem("export", "from: missing or not an ISO-8601 instant"),
                new Problem("export", "from: comes after clients, but the header must come first"));

        ObjectNode reversed = log.honest();
        reversed.put("from", ExportFixture.TO);
        reversed.put("to", ExportFixture.FROM);
        assertThat(verify(reversed).problems()).contains(new Problem("export", "from 2025-03-02T00:00:00Z is not "
                + "before to 2025-03-01T00:00:00Z"));

        ObjectNode other = log.honest();
        other.put("export", "something else");
        assertThat(verify(other).problems()).containsExactly(new Problem("export", "export: is not \""
                + ExportVerification.FORMAT + "\": not an export of this format"));

        byte[] latin1 = "{\"export\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        try {
            assertThat(ExportVerification.verify(new ByteArrayInputStream(latin1), KEYS).problems())
                    .containsExactly(new Problem("export", "is not UTF-8 text"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void problemsAreListedUpToTheBoundThenCounted() {
        ObjectNode export = log.honest();
        ArrayNode clients = (ArrayNode) export.get("clients");
        for (int i = 0; i < ExportVerification.MAX_PROBLEMS + 5; i++) {
            clients.addObject().put("clientId", "nobody-" + i);
        }
        List<Problem> problems = verify(export).problems();
        assertThat(problems).hasSize(ExportVerification.MAX_PROBLEMS + 1);
        assertThat(problems.get(problems.size() - 1).what()).endsWith(" more problems, not listed");
    }

    static ObjectNode event(ObjectNode export, long leaf) {
        for (JsonNode event : export.at("/clients/0/events")) {
            if (event.get("leafIndex").asLong() == leaf) {
                return (ObjectNode) event;
            }
        }
        throw new AssertionError("no event of leaf " + leaf);
    }

    static ObjectNode without(ObjectNode export, long leaf) {
        return removing(export, e -> e.get("leafIndex").asLong() == leaf);
    }

    private static ObjectNode removing(ObjectNode export, Predicate<JsonNode> gone) {
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
}
