package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.precautionfirst.testsupport.CsvRows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The CSV form of an export (docs/export-format.md, "CSV"): an honest export verifies; each tampering of
 * {@link ExportVerificationTest}, done to the CSV as someone with a spreadsheet would ({@link CsvRows}), gets the
 * verdict the JSON export gets for the same tampering, problem for problem; a readable cell that is not what its
 * proved leaf says is "changed"; what is wrong with the CSV itself is a problem naming the row, never an exception;
 * a cell a spreadsheet would take for a formula is written as text and read back as it was.
 */
class CsvExportVerificationTest {

    final ExportFixture log = ExportFixture.standard();
    final CsvRows honest = rows(log.honest());

    static CsvRows rows(ObjectNode export) {
        return CsvRows.parse(ExportFixture.csv(export));
    }

    static Verdict verify(CsvRows csv) {
        return ExportVerificationTest.verify(csv.toString());
    }

    /** The row of the event of this leaf. */
    static int at(CsvRows csv, long leaf) {
        return csv.find("leafIndex", Long.toString(leaf));
    }

    /** A row's number as the verifier and a spreadsheet count: the header row is row 1. */
    static String row(int index) {
        return "row " + (index + 2);
    }

    /** The CSV's verdict is the JSON export's for the same tampering, and names these places. */
    static void sameVerdict(CsvRows csv, ObjectNode json, String... wheres) {
        Verdict verdict = verify(csv);
        assertThat(verdict).isEqualTo(ExportVerificationTest.verify(json));
        assertThat(ExportVerificationTest.wheres(verdict)).containsExactly(wheres);
    }

    @Test
    void anHonestExportIsValidWithARowPerEntryOfTheClientsChainAndWhatEachSelectedLeafSays() {
        String csv = honest.toString();
        assertThat(ExportFixture.csv(log.honest())).isEqualTo(csv);
        assertThat(ExportVerificationTest.verify(csv)).isEqualTo(Verdict.ok());
        assertThat(csv).startsWith(String.join(",", CsvExport.COLUMNS) + "\r\n").endsWith("\r\nend"
                + ",".repeat(CsvExport.COLUMNS.size() - 1) + "\r\n");
        assertThat(csv.replace("\r\n", "")).as("every line ends in CRLF").doesNotContain("\n");

        List<String> records = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        List<Long> leaves = new ArrayList<>();
        for (int i = 0; i < honest.size(); i++) {
            records.add(honest.get(i, "record"));
            if (honest.get(i, "record").equals("event")) {
                entries.add(honest.get(i, "entry"));
                if (!honest.get(i, "leaf").isEmpty()) {
                    leaves.add(Long.parseLong(honest.get(i, "leafIndex")));
                }
            }
        }
        List<String> chain = new ArrayList<>();
        log.honest().at("/clients/0/entries").forEach(e -> chain.add(e.asText()));
        assertThat(chain).hasSize(14);
        assertThat(records).containsExactlyElementsOf(expectedRecords(chain.size()));
        assertThat(entries).containsExactlyElementsOf(chain);
        assertThat(leaves).containsExactlyElementsOf(new TreeSet<>(ExportFixture.SELECTED));

        int pressure = at(honest, 9);
        assertThat(honest.get(pressure, "timestamp")).isEqualTo("2025-03-01T10:09:00Z");
        assertThat(honest.get(pressure, "type")).isEqualTo("PressureAdjusted");
        assertThat(honest.get(pressure, "sessionId")).isEqualTo("s-1");
        assertThat(honest.get(pressure, "userId")).isEqualTo("admin");
        assertThat(honest.get(pressure, "role")).isEqualTo("CLINIC_ADMIN");
        assertThat(honest.get(pressure, "payload")).isEqualTo(new String(log.events.get(9).payload(),
                StandardCharsets.UTF_8));
        assertThat(honest.get(pressure, "proof").split(" ")).hasSize(4).allSatisfy(h -> assertThat(h).hasSize(64));
        assertThat(honest.get(at(honest, 6), "sessionId")).as("a refused start is in no session").isEmpty();
        assertThat(honest.get(honest.find("record", "assessment"), "assessment"))
                .isEqualTo("{\"overall\":\"FLAGGED\",\"checks\":[{\"check\":\"WITHIN_RESTRICTIONS\","
                        + "\"status\":\"FLAGGED\",\"blockedAttempts\":1}]}");
    }

    private static List<String> expectedRecords(int entries) {
        List<String> records = new ArrayList<>(List.of("export", "client"));
        for (int i = 0; i < entries; i++) {
            records.add("event");
        }
        records.addAll(List.of("assessment", "end"));
        return records;
    }

    @Test
    void aChangedByteInALeafIsReportedAtItsEventAsInJson() {
        ObjectNode json = log.honest();
        ObjectNode event = ExportVerificationTest.event(json, 9);
        event.put("leaf", ExportVerificationTest.flipped(event.get("leaf").asText()));
        CsvRows csv = honest.copy();
        csv.set(at(csv, 9), "leaf", ExportVerificationTest.flipped(csv.get(at(csv, 9), "leaf")));
        sameVerdict(csv, json, "client c-1, event leaf 9");
    }

    @Test
    void aReadableCellThatIsNotWhatItsIntactLeafSaysIsReportedChangedNamingTheColumn() {
        for (String column : CsvExport.READABLE) {
            CsvRows csv = honest.copy();
            int pressure = at(csv, 9);
            String shown = csv.get(pressure, column);
            String forged = column.equals("payload") ? shown.replace("\"level\":1", "\"level\":3") : shown + "x";
            csv.set(pressure, column, forged);
            assertThat(verify(csv).problems()).as(column).containsExactly(new Problem("client c-1, event leaf 9",
                    "changed: its " + column + " cell says \"" + forged + "\", but its leaf says \"" + shown + "\""));
        }
    }

    @Test
    void eventsDroppedFromTheirRowsAreLeftOutAsInJson() {
        Map<String, Set<Long>> drops = new LinkedHashMap<>();
        drops.put("one event", Set.of(9L));
        drops.put("a refused start", Set.of(ExportFixture.REFUSAL));
        drops.put("a refusal within the session", Set.of(10L));
        drops.put("the client's last event", Set.of(ExportFixture.LAST));
        drops.put("a whole session", ExportFixture.SESSION);
        drops.forEach((what, dropped) -> {
            CsvRows csv = honest.copy();
            dropped.forEach(leaf -> csv.clear(at(csv, leaf), CsvExport.EVENT_CELLS));
            if (dropped.contains(8L)) {
                csv.remove(csv.find("record", "assessment"));
            }
            Set<Long> rest = new HashSet<>(ExportFixture.SELECTED);
            rest.removeAll(dropped);
            Verdict verdict = verify(csv);
            assertThat(verdict).as(what).isEqualTo(ExportVerificationTest.verify(log.export(rest)));
            assertThat(verdict.problems()).as(what).extracting(Problem::what)
                    .filteredOn(p -> p.startsWith("left out: ")).hasSize(dropped.size());
        });
        CsvRows last = honest.copy();
        last.clear(at(last, ExportFixture.LAST), CsvExport.EVENT_CELLS);
        assertThat(ExportVerificationTest.wheres(verify(last))).containsExactly("client c-1, entry 13 (leaf 14)");
    }

    @Test
    void anEventsWholeRowRemovedBreaksTheSignedChainAsInJson() {
        ObjectNode json = ExportVerificationTest.without(log.honest(), ExportFixture.LAST);
        ArrayNode entries = (ArrayNode) json.at("/clients/0/entries");
        entries.remove(entries.size() - 1);
        sameVerdict(honest.copy().remove(at(honest, ExportFixture.LAST)), json, "client c-1");
    }

    @Test
    void anAddedEventIsReportedAsInJsonWhetherItIsTheClientsOrAnothers() {
        ObjectNode own = log.honest();
        ((ArrayNode) own.at("/clients/0/events")).insert(0, log.event(0));
        // written on the row of its entry with what its leaf says, as an attacker with the writer would
        sameVerdict(rows(own), own, "client c-1, event leaf 0");

        ObjectNode others = log.honest();
        ((ArrayNode) others.at("/clients/0/events")).insert(3, log.event(5));
        CsvRows csv = rows(others);
        assertThat(csv.get(at(csv, 5), "entry")).as("no entry of c-1 has leaf 5").isEmpty();
        csv.move(at(csv, 5), at(csv, 4) + 1);
        sameVerdict(csv, others, "client c-1, event leaf 5");
    }

    @Test
    void aReorderedPairIsReportedAsInJsonAndSortedRowsAlsoBreakTheChain() {
        CsvRows swapped = honest.copy().swap(at(honest, 7), at(honest, 8), CsvExport.EVENT_CELLS);
        sameVerdict(swapped, ExportVerificationTest.reordered(log.honest()), "client c-1, event leaf 7");

        // a spreadsheet's sort moves the entries with their rows: the chain no longer gives its signed head either
        CsvRows sorted = honest.copy().move(at(honest, 8), at(honest, 7));
        assertThat(ExportVerificationTest.wheres(verify(sorted))).containsExactly("client c-1",
                "client c-1, event leaf 7");
    }

    @Test
    void whatIsWrongWithTheCsvItselfIsAProblemNamingTheRowNotAnException() throws IOException {
        String csv = honest.toString();
        assertThat(ExportVerificationTest.verify(csv.replaceFirst("record,", "kind,")).problems()).containsExactly(
                new Problem("export", "is not CSV of this format: its header row is not "
                        + String.join(",", CsvExport.COLUMNS)));
        assertThat(ExportVerificationTest.verify("\uFEFF" + csv)).as("a byte-order mark").isEqualTo(Verdict.ok());

        int assessment = honest.find("record", "assessment");
        assertThat(verify(honest.copy().set(assessment, "record", "note")).problems()).containsExactly(new Problem(
                row(assessment), "record: \"note\" is none of export, client, event, assessment, end"));

        int end = honest.size() - 1;
        assertThat(verify(honest.copy().remove(end)).problems()).containsExactly(new Problem("export",
                "has no end row: it was cut short, and clients may be missing"));
        String cut = csv.substring(0, csv.lastIndexOf("end,"));
        assertThat(ExportVerificationTest.verify(cut + "end\r\n").problems()).containsExactly(
                new Problem(row(end), "has 1 cell, but the header row has " + CsvExport.COLUMNS.size()),
                new Problem("export", "has no end row: it was cut short, and clients may be missing"));
        assertThat(ExportVerificationTest.verify(cut + "end,\"cut").problems()).extracting(Problem::what)
                .singleElement().asString().startsWith("is not valid CSV: Missing closing quote");
        byte[] latin1 = csv.replace("INS-X", "INS-\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ExportVerification.verify(new ByteArrayInputStream(latin1), ExportVerificationTest.KEYS)
                .problems()).containsExactly(new Problem("export", "is not UTF-8 text"));

        int pressure = at(honest, 9);
        assertThat(verify(honest.copy().set(pressure, "entry", "not base64!")).problems()).containsExactly(
                new Problem("client c-1, entry 8", "is not an entry: not a base64 string"));
        assertThat(verify(honest.copy().set(pressure, "leaf", "not base64!")).problems()).containsExactly(
                new Problem("client c-1, event leaf 9", "leaf: missing or not base64"));
        assertThat(verify(honest.copy().set(pressure, "clientId", "c-2")).problems()).containsExactly(new Problem(
                row(pressure), "clientId: \"c-2\" in a row of client c-1: a client's rows come together, after its "
                        + "client row"));
        int registered = 2;
        assertThat(honest.get(registered, "leaf")).isEmpty();
        assertThat(verify(honest.copy().set(registered, "payload", "{\"name\":\"someone else\"}")).problems())
                .containsExactly(new Problem(row(registered), "payload: must be empty in an event row without "
                        + "leafIndex and leaf"));
        assertThat(verify(honest.copy().set(1, "insurerId", "INS-Y")).problems()).containsExactly(
                new Problem(row(1), "insurerId: must be empty in the client row"));
        assertThat(verify(honest.copy().set(0, "checkpoint", "{\"treeSize\":")).problems().get(0))
                .satisfies(p -> assertThat(p.where()).isEqualTo(row(0)))
                .satisfies(p -> assertThat(p.what()).startsWith("checkpoint: is not JSON: Unexpected end-of-input"));
        assertThat(verify(honest.copy().clear(0, List.of("insurerId"))).problems()).containsExactly(
                new Problem("export", "insurerId: missing or not a string"), new Problem("export",
                        "its clients cannot be checked without a checkpoint of format v2, an insurer and a range"));
    }

    @Test
    void aRowOutOfPlaceIsAProblemNamingTheRow() {
        CsvRows late = honest.copy().move(0, 1);
        assertThat(verify(late).problems()).contains(new Problem(row(0), "out of place: the export row comes once, "
                + "first"), new Problem(row(1), "out of place: the export row comes once, first"),
                new Problem("export", "insurerId: missing or not a string"));

        int assessment = honest.find("record", "assessment");
        CsvRows eventAfterAssessment = honest.copy().move(assessment, assessment - 1);
        assertThat(verify(eventAfterAssessment).problems()).startsWith(new Problem(row(assessment), "out of place: "
                + "an event row comes after its client row, before the client's assessment rows"));

        CsvRows endFirst = honest.copy().move(honest.size() - 1, 1);
        List<Problem> afterTheEnd = verify(endFirst).problems();
        assertThat(afterTheEnd).hasSize(honest.size() - 2).allSatisfy(p -> assertThat(p.what())
                .isEqualTo("out of place: nothing comes after the end row"));
        assertThat(afterTheEnd.get(0).where()).isEqualTo(row(2));
    }

    @Test
    void cellsASpreadsheetWouldTakeForFormulasAreWrittenAsTextAndReadAsTheyWere() {
        for (String formula : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'x")) {
            assertThat(CsvExport.cell(formula)).isEqualTo("'" + formula);
            assertThat(CsvExport.value(CsvExport.cell(formula))).isEqualTo(formula);
        }
        for (String text : List.of("x", "", "2025-03-01T10:09:00Z", "{\"a\":1}", "AQAAAA==")) {
            assertThat(CsvExport.cell(text)).isEqualTo(text);
        }

        ExportFixture odd = new ExportFixture();
        odd.client("ClientRegistered", "=c-1", "{\"clientId\":\"=c-1\"}");
        odd.insurance("=c-1", "@INS", true);
        ObjectNode json = odd.export("=c-1", "@INS", List.of(1L));
        String csv = ExportFixture.csv(json);
        assertThat(ExportVerificationTest.verify(json)).isEqualTo(Verdict.ok());
        assertThat(ExportVerificationTest.verify(csv)).isEqualTo(Verdict.ok());
        CsvRows cells = CsvRows.parse(csv);
        assertThat(cells.get(0, "insurerId")).isEqualTo("'@INS");
        assertThat(cells.get(1, "clientId")).isEqualTo("'=c-1");
        for (int i = 0; i < cells.size(); i++) {
            for (String column : CsvExport.COLUMNS) {
                assertThat(cells.get(i, column)).as("what a spreadsheet reads in %s of %s", column, row(i))
                        .doesNotStartWith("=").doesNotStartWith("@").doesNotStartWith("+").doesNotStartWith("-");
            }
        }
    }
}
