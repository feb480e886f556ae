package com.precautionfirst.verifier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CSV form of an insurer export (docs/export-format.md, "CSV"), for insurers who read their export in a
 * spreadsheet: RFC 4180, UTF-8, one fixed header row ({@link #COLUMNS}), then rows whose first cell says what they
 * hold: the {@code export} row (the header), per client its {@code client} row, one {@code event} row per entry of its
 * chain (with the event where the rule selects it) and its {@code assessment} rows, and an {@code end} row, so that an
 * export cut short is not taken for a complete one.
 *
 * <p>It is the JSON format's content laid out in rows rather than a second model: {@link Writer} writes the JSON
 * format's client objects as rows, and reading turns the rows back into those objects for
 * {@link ExportVerification}, so both formats get the same checks and the same problems. What only CSV has, the
 * readable columns ({@link #READABLE}) that repeat what a leaf says, is held against the leaf once the verification
 * has proved it: a readable cell that is not what its leaf says is "changed", for that is what the insurer reads.
 * Reading holds one client's rows at a time.
 *
 * <p>Against formula injection, a cell whose value starts with {@code = + - @}, a tab, a carriage return or a quote is
 * written with one quote in front ({@link #cell}), and reading takes one leading quote off every cell
 * ({@link #value}): a spreadsheet shows the value as text, and the proofs see the value as it was.
 */
public final class CsvExport {

    /** The header row: every row has these cells, most of them empty. */
    public static final List<String> COLUMNS = List.of("record", "clientId", "leafIndex", "timestamp", "type",
            "sessionId", "userId", "role", "payload", "assessment", "entry", "leaf", "proof", "mapProof", "export",
            "insurerId", "from", "to", "madeAt", "checkpoint");
    /** The columns of an event row that say what its leaf says, in words a spreadsheet shows ({@link #readable}). */
    public static final List<String> READABLE = List.of("timestamp", "type", "sessionId", "userId", "role",
            "payload");
    /** The cells of an event row that hold its event, filled where the rule selects it; the others, empty. */
    public static final List<String> EVENT_CELLS = List.of("leafIndex", "leaf", "proof", "timestamp", "type",
            "sessionId", "userId", "role", "payload");
    private static final Map<String, Integer> INDEX = COLUMNS.stream()
            .collect(Collectors.toMap(Function.identity(), COLUMNS::indexOf));
    /** The cell values a spreadsheet would take for a formula, and the quote that marks a value as text. */
    private static final String FORMULA_STARTS = "=+-@\t\r'";
    private static final String EXPORT = "export";
    private static final CsvMapper MAPPER = new CsvMapper();
    private static final ObjectReader ROWS = MAPPER.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What a row holds, named by its first cell; the cells it may fill; where it may stand. */
    private enum Kind {
        EXPORT_ROW("export", Set.of("export", "insurerId", "from", "to", "madeAt", "checkpoint"),
                "the export row comes once, first"),
        CLIENT("client", Set.of("clientId", "mapProof"), "a client row comes after the export row"),
        EVENT("event", Set.of("clientId", "entry"), "an event row comes after its client row, before the client's "
                + "assessment rows"),
        ASSESSMENT("assessment", Set.of("clientId", "sessionId", "assessment"),
                "an assessment row comes after its client row and event rows"),
        END("end", Set.of(), "the end row comes once, last");

        final String name;
        final Set<String> cells;
        final String place;

        Kind(String name, Set<String> cells, String place) {
            this.name = name;
            this.cells = cells;
            this.place = place;
        }

        static Kind named(String name) {
            return Arrays.stream(values()).filter(kind -> kind.name.equals(name)).findFirst().orElse(null);
        }
    }

    private CsvExport() {
    }

    /**
     * Writes an export in CSV as it is made, from the JSON format's parts: the header, then one client at a time (the
     * JSON format's client object), flushed, then the end row. The query side writes its exports with it; tests write
     * the verifier's fixtures with it.
     */
    public static final class Writer {

        private final SequenceWriter csv;

        public Writer(OutputStream out) throws IOException {
            this.csv = MAPPER.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("\r\n"))
                    .writeValues(out);
        }

        /** The header row and the export row, flushed. */
        public void begin(Checkpoint checkpoint, String insurerId, Instant from, Instant to, Instant madeAt)
                throws IOException {
            csv.write(COLUMNS.toArray(String[]::new));
            write(Kind.EXPORT_ROW, Map.of(EXPORT, ExportVerification.FORMAT, "checkpoint",
                    Json.MAPPER.writeValueAsString(checkpoint), "insurerId", insurerId, "from", from.toString(),
                    "to", to.toString(), "madeAt", madeAt.toString()));
            csv.flush();
        }

        /**
         * One client, given as the JSON format's client object ({@code clientId}, {@code mapProof}, {@code entries},
         * {@code events}, {@code sessions}), flushed: its client row, a row per entry with the event of that leaf
         * (an event of no entry gets a row of its own after them), its assessment rows.
         */
        public void client(JsonNode client) throws IOException {
            String clientId = client.path("clientId").asText();
            write(Kind.CLIENT, Map.of("clientId", clientId, "mapProof", client.path("mapProof").toString()));
            Map<Long, JsonNode> events = new LinkedHashMap<>();
            client.path("events").forEach(event -> events.put(event.path("leafIndex").asLong(), event));
            for (JsonNode entry : client.path("entries")) {
                long leaf = ClientEntry.decode(clientId, Base64.getDecoder().decode(entry.asText())).leafIndex();
                write(Kind.EVENT, eventCells(clientId, entry.asText(), events.remove(leaf)));
            }
            for (JsonNode event : events.values()) {
                write(Kind.EVENT, eventCells(clientId, "", event));
            }
            for (JsonNode session : client.path("sessions")) {
                write(Kind.ASSESSMENT, Map.of("clientId", clientId, "sessionId", session.path("sessionId").asText(),
                        "assessment", session.path("assessment").toString()));
            }
            csv.flush();
        }

        public void end() throws IOException {
            write(Kind.END, Map.of());
            csv.flush();
        }

        private static Map<String, String> eventCells(String clientId, String entry, JsonNode event) {
            Map<String, String> cells = new HashMap<>(Map.of("clientId", clientId, "entry", entry));
            if (event != null) {
                String leaf = event.path("leaf").asText();
                List<String> proof = new ArrayList<>();
                event.path("proof").forEach(hash -> proof.add(hash.asText()));
                cells.putAll(Map.of("leafIndex", event.path("leafIndex").asText(), "leaf", leaf,
                        "proof", String.join(" ", proof)));
                try {
                    cells.putAll(readable(LeafEncoding.decode(Base64.getDecoder().decode(leaf))));
                } catch (IllegalArgumentException e) {
                    // a leaf that is no event has nothing to show: the verification names it
                }
            }
            return cells;
        }

        private void write(Kind kind, Map<String, String> cells) throws IOException {
            String[] row = new String[COLUMNS.size()];
            Arrays.fill(row, "");
            row[0] = kind.name;
            cells.forEach((column, value) -> row[INDEX.get(column)] = cell(value));
            csv.write(row);
        }
    }

    /**
     * What the readable columns say of an event: its stored timestamp, the simple name of its payload type, the
     * payload's {@code sessionId}, the {@code userId} and {@code role} of its metadata (empty where there is none),
     * and the payload as text.
     */
    static Map<String, String> readable(LogEvent event) {
        JsonNode payload = ClientEntry.jsonObject(event.payload());
        JsonNode metadata = event.metadata() == null ? null : ClientEntry.jsonObject(event.metadata());
        String type = event.payloadType();
        return Map.of("timestamp", event.timestamp(),
                "type", type.substring(type.lastIndexOf('.') + 1),
                "sessionId", member(payload, "sessionId"),
                "userId", member(metadata, "userId"),
                "role", member(metadata, "role"),
                "payload", new String(event.payload(), StandardCharsets.UTF_8));
    }

    private static String member(JsonNode object, String name) {
        String value = object == null ? null : ClientEntry.text(object, name);
        return value == null ? "" : value;
    }

    /** The cell of a value: with a quote in front where a spreadsheet would take it for a formula. */
    static String cell(String value) {
        return !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /** The value of a cell: one leading quote taken off ({@link #cell}). */
    static String value(String cell) {
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }

    /**
     * Reads an export in CSV into {@code verification}: its export row as the header, each client's rows as the JSON
     * format's client object; what is wrong with the CSV itself is a problem naming the row (the header row is row 1,
     * as a spreadsheet counts).
     *
     * @throws IOException only when the stream itself fails (not for what it holds)
     */
    static void read(InputStream in, ExportVerification verification) throws IOException {
        Reading reading = new Reading(verification);
        try (MappingIterator<String[]> rows = ROWS.readValues(Json.strictUtf8(in))) {
            reading.read(rows);
        } catch (CharacterCodingException e) {
            verification.problem(EXPORT, "is not UTF-8 text");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            verification.problem(EXPORT, "is not valid CSV: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ")"));
        }
    }

    /** The reading of one export: where it is, and the client whose rows are being read. */
    private static final class Reading {

        private final ExportVerification verification;
        private int row = 1;
        private Kind last;
        private boolean checkable;
        private int clients;
        private Client client;

        Reading(ExportVerification verification) {
            this.verification = verification;
        }

        void read(MappingIterator<String[]> rows) throws IOException {
            if (!rows.hasNextValue() || !header(rows.nextValue())) {
                verification.problem(EXPORT, "is not CSV of this format: its header row is not "
                        + String.join(",", COLUMNS));
                return;
            }
            while (rows.hasNextValue()) {
                row++;
                row(rows.nextValue());
            }
            finish();
            if (last == null) {
                checkable = verification.header(Map.of());
            }
            if (last != Kind.END) {
                verification.problem(EXPORT, "has no end row: it was cut short, and clients may be missing");
            }
        }

        private static boolean header(String[] cells) {
            if (cells.length > 0 && cells[0].startsWith("\uFEFF")) {
                cells[0] = cells[0].substring(1); // a byte-order mark, as spreadsheets write CSV
            }
            return Arrays.asList(cells).equals(COLUMNS);
        }

        private void row(String[] cells) {
            String where = "row " + row;
            if (cells.length != COLUMNS.size()) {
                verification.problem(where, "has " + cells.length + (cells.length == 1 ? " cell" : " cells")
                        + ", but the header row has " + COLUMNS.size());
                return;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < cells.length; i++) {
                values.put(COLUMNS.get(i), value(cells[i]));
            }
            Kind kind = Kind.named(values.get("record"));
            if (kind == null) {
                verification.problem(where, "record: \"" + values.get("record") + "\" is none of "
                        + String.join(", ", Arrays.stream(Kind.values()).map(k -> k.name).toList()));
                return;
            }
            if (last == null && kind != Kind.EXPORT_ROW) {
                verification.problem(where, "out of place: " + Kind.EXPORT_ROW.place);
                checkable = verification.header(Map.of());
                last = Kind.EXPORT_ROW;
            }
            if (!follows(kind)) {
                verification.problem(where, "out of place: " + (last == Kind.END ? "nothing comes after the end row"
                        : kind.place));
                return;
            }
            boolean event = kind == Kind.EVENT
                    && !(values.get("leafIndex").isEmpty() && values.get("leaf").isEmpty());
            for (String column : COLUMNS.subList(1, COLUMNS.size())) {
                boolean allowed = kind.cells.contains(column) || event && EVENT_CELLS.contains(column);
                if (!allowed && !values.get(column).isEmpty()) {
                    verification.problem(where, column + ": must be empty in " + (kind == Kind.EVENT
                            ? "an event row without leafIndex and leaf" : "the " + kind.name + " row"));
                }
            }
            if (client != null && kind != Kind.CLIENT && kind != Kind.END
                    && !values.get("clientId").equals(client.clientId)) {
                verification.problem(where, "clientId: \"" + values.get("clientId") + "\" in a row of client "
                        + client.clientId + ": a client's rows come together, after its client row");
            }
            last = kind;
            switch (kind) {
                case EXPORT_ROW -> checkable = verification.header(exportHeader(values, where));
                case CLIENT -> {
                    finish();
                    client = new Client(values.get("clientId"), json(values, "mapProof", where));
                }
                case EVENT -> client.event(values, event);
                case ASSESSMENT -> client.assessment(values, json(values, "assessment", where));
                case END -> finish();
            }
        }

        /** Whether a row of this kind may come after the last one. */
        private boolean follows(Kind kind) {
            return switch (kind) {
                case EXPORT_ROW -> last == null;
                case CLIENT, END -> last != Kind.END;
                case EVENT -> last == Kind.CLIENT || last == Kind.EVENT;
                case ASSESSMENT -> last == Kind.CLIENT || last == Kind.EVENT || last == Kind.ASSESSMENT;
            };
        }

        private Map<String, JsonNode> exportHeader(Map<String, String> values, String where) {
            Map<String, JsonNode> header = new HashMap<>();
            for (String member : List.of(EXPORT, "insurerId", "from", "to", "madeAt")) {
                if (!values.get(member).isEmpty()) {
                    header.put(member, TextNode.valueOf(values.get(member)));
                }
            }
            JsonNode checkpoint = json(values, "checkpoint", where);
            if (checkpoint != null) {
                header.put("checkpoint", checkpoint);
            }
            return header;
        }

        /** The JSON of a cell, null when it is empty, its text when it is no JSON (with the problem). */
        private JsonNode json(Map<String, String> values, String column, String where) {
            String text = values.get(column);
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                verification.problem(where, column + ": is not JSON: " + e.getOriginalMessage());
                return TextNode.valueOf(text);
            }
        }

        /**
         * Hands the client read so far to the verification, then holds the readable cells of each event whose leaf
         * it proved against that leaf.
         */
        private void finish() {
            if (client == null) {
                return;
            }
            Client done = client;
            client = null;
            if (!checkable) {
                return;
            }
            Map<Long, LogEvent> proven = verification.client(done.json, clients++);
            done.readable.forEach((leaf, shown) -> {
                LogEvent event = proven.get(leaf);
                if (event == null) {
                    return;
                }
                Map<String, String> said = readable(event);
                for (String column : READABLE) {
                    if (!said.get(column).equals(shown.get(column))) {
                        verification.problem("client " + done.clientId + ", event leaf " + leaf, "changed: its "
                                + column + " cell says \"" + shown.get(column) + "\", but its leaf says \""
                                + said.get(column) + "\"");
                    }
                }
            });
        }
    }

    /** The rows of one client read so far, as the JSON format's client object, and its events' readable cells. */
    private static final class Client {

        final String clientId;
        final ObjectNode json = NODES.objectNode();
        final ArrayNode entries = NODES.arrayNode();
        final ArrayNode events = NODES.arrayNode();
        final ArrayNode sessions = NODES.arrayNode();
        /** Of each event, by leaf index, its readable cells as the file shows them (the first row of a leaf). */
        final Map<Long, Map<String, String>> readable = new LinkedHashMap<>();

        Client(String clientId, JsonNode mapProof) {
            this.clientId = clientId;
            if (!clientId.isEmpty()) {
                json.put("clientId", clientId);
            }
            json.set("mapProof", mapProof);
            json.set("entries", entries);
            json.set("events", events);
            json.set("sessions", sessions);
        }

        void event(Map<String, String> values, boolean hasEvent) {
            if (!values.get("entry").isEmpty()) {
                entries.add(values.get("entry"));
            }
            if (!hasEvent) {
                return;
            }
            ObjectNode event = events.addObject();
            String index = values.get("leafIndex");
            Long leaf = index.matches("[0-9]{1,18}") ? Long.valueOf(index) : null;
            if (leaf != null) {
                event.put("leafIndex", leaf);
                readable.putIfAbsent(leaf, Map.copyOf(READABLE.stream()
                        .collect(Collectors.toMap(Function.identity(), values::get))));
            } else if (!index.isEmpty()) {
                event.put("leafIndex", index);
            }
            if (!values.get("leaf").isEmpty()) {
                event.put("leaf", values.get("leaf"));
            }
            ArrayNode proof = event.putArray("proof");
            String hashes = values.get("proof");
            if (!hashes.isEmpty()) {
                Arrays.stream(hashes.split(" ", -1)).forEach(proof::add);
            }
        }

        void assessment(Map<String, String> values, JsonNode assessment) {
            ObjectNode session = sessions.addObject();
            if (!values.get("sessionId").isEmpty()) {
                session.put("sessionId", values.get("sessionId"));
            }
            session.set("assessment", assessment);
        }
    }
}
