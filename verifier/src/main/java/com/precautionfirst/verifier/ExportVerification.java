package com.precautionfirst.verifier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies an insurer export (docs/export-format.md, decision 0061) in any of its formats ({@link ExportFormat}: JSON
 * here, CSV by {@link CsvExport}, FHIR by {@link FhirExport}, each translated to the JSON format's header and client
 * objects), read as a stream, one client at a time,
 * so that memory does not grow with the export. The one implementation behind {@code POST /api/exports/verify} and
 * the command line ({@link Main}), which therefore give the same verdict, problem for problem.
 *
 * <p>What it checks, each failure a {@link Problem} naming the client and the event (its leaf index) or the chain
 * entry (its index in the client's chain):
 * <ul>
 *   <li>the header: the format, the checkpoint (well-formed, of format v2, signed by a trusted key), the insurer, the
 *       range ({@code from} before {@code to}), {@code madeAt}; and that it comes before the clients;</li>
 *   <li>per client: its map proof verifies against the checkpoint's client map; its entries, chained, give exactly
 *       the count and head that proof signs (so they are every event of the client up to the checkpoint);</li>
 *   <li>per event: its leaf bytes hash to the leaf hash the client's chain names for its leaf index (else it was
 *       changed, or is not the client's: added); its inclusion proof verifies against the checkpoint's root; its entry,
 *       recomputed from the leaf ({@link ClientEntry#of}), is the chain's; events come in chain order, each once;</li>
 *   <li>the selection rule ({@link ExportSelection}) applied to the entries and the included payloads selects exactly
 *       the included events: a selected entry without its event is "left out", an included event not selected
 *       "added";</li>
 *   <li>the client's latest insurance record names the export's insurer with consent to share;</li>
 *   <li>each session assessment names a session the rule selects (the assessments themselves are derived data and not
 *       covered by the proofs).</li>
 * </ul>
 * At most {@value #MAX_PROBLEMS} problems are listed, then how many more there were.
 */
public final class ExportVerification {

    /** The value of the export's first member, {@code export}: its format. */
    public static final String FORMAT = "precaution-first insurer export v1";
    static final int MAX_PROBLEMS = 1000;
    private static final String EXPORT = "export";
    /** The members of the header, whatever the format writes them as. */
    static final Set<String> HEADER = Set.of(EXPORT, "checkpoint", "insurerId", "from", "to", "madeAt");
    /** How much of the start of an export is read to tell its format ({@link ExportFormat}). */
    static final int SNIFF = 64 * 1024;
    /** Reads one value of the stream as a tree and leaves the parser after it (more of the export follows). */
    static final ObjectReader VALUE = Json.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Collection<PublicKey> trusted;
    private final List<Problem> problems = new ArrayList<>();
    private long unlisted;
    private final Set<String> clients = new HashSet<>();
    private Checkpoint checkpoint;
    private String insurerId;
    private Instant from;
    private Instant to;

    private ExportVerification(Collection<PublicKey> trusted) {
        this.trusted = trusted;
    }

    /**
     * Verifies the export read from {@code json} (UTF-8) with these trusted keys. Anything wrong with the export,
     * malformed JSON included, is a problem of the verdict.
     *
     * @throws IOException only when the stream itself fails (not for what it holds)
     */
    public static Verdict verify(InputStream export, Collection<PublicKey> trusted) throws IOException {
        ExportVerification verification = new ExportVerification(trusted);
        BufferedInputStream in = new BufferedInputStream(export, SNIFF);
        switch (ExportFormat.of(in)) {
            case CSV -> CsvExport.read(in, verification);
            case FHIR -> FhirExport.read(in, verification);
            default -> verification.parseJson(in, verification::read);
        }
        return verification.verdict();
    }

    /** Reads a format that is JSON text with {@code reading}; text that is not UTF-8 or not JSON is a problem. */
    void parseJson(InputStream json, JsonReading reading) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(Json.strictUtf8(json))) {
            reading.read(parser);
        } catch (CharacterCodingException e) {
            problem(EXPORT, "is not UTF-8 text");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problem(EXPORT, "is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    /** How a format that is JSON text is read from its parser. */
    @FunctionalInterface
    interface JsonReading {
        void read(JsonParser parser) throws IOException;
    }

    private void read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            problem(EXPORT, "is not a JSON object");
            return;
        }
        Map<String, JsonNode> header = new HashMap<>();
        boolean sawClients = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("clients")) {
                sawClients = true;
                boolean checkable = header(header);
                if (value != JsonToken.START_ARRAY) {
                    problem(EXPORT, "clients: is not an array");
                    parser.skipChildren();
                    continue;
                }
                for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                    JsonNode client = VALUE.readTree(parser);
                    if (checkable) {
                        client(client, i);
                    }
                }
            } else if (HEADER.contains(name)) {
                if (sawClients) {
                    problem(EXPORT, name + ": comes after clients, but the header must come first");
                }
                header.put(name, VALUE.readTree(parser));
            } else {
                parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            problem(EXPORT, "has more after the end of its JSON object");
        }
        if (!sawClients) {
            header(header);
            problem(EXPORT, "clients: missing");
        }
    }

    /**
     * Checks the header, given as the members of {@link #HEADER} in the JSON format's shape whatever the format (CSV
     * and FHIR readers translate theirs); true when the clients can be checked against it.
     */
    boolean header(Map<String, JsonNode> header) {
        JsonNode format = header.get(EXPORT);
        if (format == null || !format.isTextual() || !format.textValue().equals(FORMAT)) {
            problem(EXPORT, "export: is not \"" + FORMAT + "\": not an export of this format");
        }
        boolean checkable = checkpoint(header.get("checkpoint"));
        insurerId = text(header.get("insurerId"));
        if (insurerId == null || insurerId.isBlank()) {
            problem(EXPORT, "insurerId: missing or not a string");
            checkable = false;
        }
        from = instant(header.get("from"), "from");
        to = instant(header.get("to"), "to");
        if (from == null || to == null) {
            checkable = false;
        } else if (!from.isBefore(to)) {
            problem(EXPORT, "from " + from + " is not before to " + to);
            checkable = false;
        }
        instant(header.get("madeAt"), "madeAt");
        if (!checkable) {
            problem(EXPORT, "its clients cannot be checked without a checkpoint of format v2, an insurer and a range");
        }
        return checkable;
    }

    private boolean checkpoint(JsonNode json) {
        if (json == null || !json.isObject()) {
            problem(EXPORT, "checkpoint: missing or not an object");
            return false;
        }
        try {
            checkpoint = Json.MAPPER.treeToValue(json, Checkpoint.class);
        } catch (JsonProcessingException e) {
            problem(EXPORT, "checkpoint: not a valid checkpoint: " + e.getOriginalMessage());
            return false;
        }
        Checkpoints.verify(checkpoint, trusted).problems().forEach(this::problem);
        if (!checkpoint.hasClientMap()) {
            problem(Checkpoints.where(checkpoint), "is of format v1: it signs no client map, so no export can prove "
                    + "itself complete against it");
            return false;
        }
        return checkpoint.treeSize() >= 0 && Hex.isHash(checkpoint.rootHash()) && checkpoint.clients() != null
                && Hex.isHash(checkpoint.clientMapRoot());
    }

    /**
     * Checks one client, given as the JSON format's client object ({@code clientId}, {@code mapProof},
     * {@code entries}, {@code events}, {@code sessions}: docs/export-format.md) whatever the format: CSV and FHIR
     * readers translate theirs, so every format gets the same checks and the same problems. Answers the events
     * proved to be the client's (their leaves hash to its chain's entries), by leaf index: what a format that shows or
     * derives more from the events (CSV's readable cells, FHIR's resources) holds against the proved leaves.
     */
    Map<Long, LogEvent> client(JsonNode json, int position) {
        String clientId = json == null ? null : text(json.get("clientId"));
        if (clientId == null) {
            problem("clients[" + position + "]", "clientId: missing or not a string");
            return Map.of();
        }
        String where = "client " + clientId;
        if (!clients.add(clientId)) {
            problem(where, "is in the export twice");
            return Map.of();
        }
        ClientMapProof mapProof = mapProof(json.get("mapProof"), clientId, where);
        List<ClientEntry> entries = entries(json.get("entries"), clientId, where);
        if (entries == null) {
            return Map.of();
        }
        if (mapProof != null) {
            ClientChain.Head head = ClientChain.Head.start(clientId);
            for (ClientEntry entry : entries) {
                head = head.then(entry);
            }
            if (head.count() != mapProof.count() || !Hex.encode(head.chainHash()).equals(mapProof.head())) {
                problem(where, "its " + head.count() + " entries chain to head " + Hex.encode(head.chainHash())
                        + ", not to the head " + mapProof.head() + " of " + mapProof.count() + " entries its map proof "
                        + "signs: entries were left out, added, changed or reordered");
            }
        }
        Map<Long, Integer> positions = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            positions.putIfAbsent(entries.get(i).leafIndex(), i);
        }
        Map<Long, LogEvent> proven = new HashMap<>();
        Set<Long> included = new LinkedHashSet<>();
        events(json.get("events"), where, entries, positions, proven, included);

        ExportSelection.Selection selection = ExportSelection.select(entries, from, to,
                wanted -> wanted.stream().filter(e -> proven.containsKey(e.leafIndex()))
                        .collect(HashMap::new, (m, e) -> m.put(e.leafIndex(), proven.get(e.leafIndex())), Map::putAll));
        Set<Long> selected = new HashSet<>();
        for (ClientEntry entry : selection.entries()) {
            selected.add(entry.leafIndex());
            if (!included.contains(entry.leafIndex())) {
                problem(where + ", entry " + positions.get(entry.leafIndex()) + " (leaf " + entry.leafIndex() + ")",
                        "left out: the selection rule selects this " + describe(entry) + ", but the export does not "
                                + "hold its event");
            }
        }
        for (long leaf : included) {
            Integer at = positions.get(leaf);
            if (at != null && !selected.contains(leaf)) {
                problem(where + ", event leaf " + leaf, "added: the selection rule does not select this "
                        + describe(entries.get(at)) + " (entry " + at + ")");
            }
        }
        consent(entries, proven, where);
        sessions(json.get("sessions"), clientId, selection, where);
        return proven;
    }

    private ClientMapProof mapProof(JsonNode json, String clientId, String where) {
        if (json == null || !json.isObject()) {
            problem(where, "mapProof: missing or not an object");
            return null;
        }
        ClientMapProof proof;
        try {
            proof = Json.MAPPER.treeToValue(json, ClientMapProof.class);
        } catch (JsonProcessingException e) {
            problem(where, "mapProof: not a valid client map proof: " + e.getOriginalMessage());
            return null;
        }
        if (!clientId.equals(proof.clientId())) {
            problem(where, "mapProof: is the proof of client " + proof.clientId());
            return null;
        }
        proof.verify(checkpoint).problems().forEach(this::problem);
        return proof;
    }

    /** The client's chain as the export gives it; null (with the problem) when it cannot be read. */
    private List<ClientEntry> entries(JsonNode json, String clientId, String where) {
        if (json == null || !json.isArray()) {
            problem(where, "entries: missing or not an array");
            return null;
        }
        List<ClientEntry> entries = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            byte[] bytes = base64(json.get(i));
            try {
                if (bytes == null) {
                    throw new IllegalArgumentException("not a base64 string");
                }
                entries.add(ClientEntry.decode(clientId, bytes));
            } catch (IllegalArgumentException e) {
                problem(where + ", entry " + i, "is not an entry: " + e.getMessage());
                return null;
            }
        }
        return entries;
    }

    private void events(JsonNode json, String where, List<ClientEntry> entries, Map<Long, Integer> positions,
                        Map<Long, LogEvent> proven, Set<Long> included) {
        if (json == null || !json.isArray()) {
            problem(where, "events: missing or not an array");
            return;
        }
        long previous = -1;
        for (int i = 0; i < json.size(); i++) {
            JsonNode event = json.get(i);
            JsonNode index = event == null ? null : event.get("leafIndex");
            if (index == null || !index.canConvertToExactIntegral() || !index.canConvertToLong() || index.asLong() < 0) {
                problem(where + ", events[" + i + "]", "leafIndex: missing or not a whole number of 0 or more");
                continue;
            }
            long leaf = index.asLong();
            String at = where + ", event leaf " + leaf;
            if (leaf == previous || included.contains(leaf)) {
                problem(at, "is in the export twice");
                continue;
            }
            if (leaf < previous) {
                problem(at, "comes after event leaf " + previous + ": the events are not in the order of the client's "
                        + "chain (a reordered pair)");
            }
            previous = Math.max(previous, leaf);
            included.add(leaf);
            event(event, leaf, at, entries, positions).ifPresent(logged -> proven.put(leaf, logged));
        }
    }

    /** Checks one included event; the event when its leaf is the chain's, proved in the tree, and its entry. */
    private Optional<LogEvent> event(JsonNode json, long leaf, String where, List<ClientEntry> entries,
                                     Map<Long, Integer> positions) {
        byte[] bytes = base64(json.get("leaf"));
        if (bytes == null) {
            problem(where, "leaf: missing or not base64");
            return Optional.empty();
        }
        List<String> proofHex = new ArrayList<>();
        JsonNode proof = json.get("proof");
        if (proof == null || !proof.isArray()) {
            problem(where, "proof: missing or not an array");
            return Optional.empty();
        }
        proof.forEach(p -> proofHex.add(p.isTextual() ? p.textValue() : p.toString()));
        List<Problem> malformed = new ArrayList<>();
        List<byte[]> path = ConsistencyProof.decodeHashes(proofHex, where, malformed);
        malformed.forEach(this::problem);
        byte[] hash = MerkleTree.leafHash(bytes);
        Integer position = positions.get(leaf);
        if (position == null) {
            problem(where, "added: no entry of the client's chain has leaf index " + leaf + ", so it is no event of "
                    + "this client as of the checkpoint");
            return Optional.empty();
        }
        ClientEntry entry = entries.get(position);
        if (!Arrays.equals(hash, entry.leafHash())) {
            problem(where, "changed: its leaf bytes hash to " + Hex.encode(hash) + ", but the client's chain says "
                    + Hex.encode(entry.leafHash()) + " for leaf " + leaf + " (entry " + position + ")");
            return Optional.empty();
        }
        if (malformed.isEmpty() && !MerkleTree.verifyInclusion(leaf, checkpoint.treeSize(), hash, path,
                Hex.decodeHash(checkpoint.rootHash()))) {
            problem(where, "its inclusion proof does not verify against the root " + checkpoint.rootHash()
                    + " of the checkpoint of tree size " + checkpoint.treeSize());
        }
        LogEvent event;
        try {
            event = LeafEncoding.decode(bytes);
        } catch (IllegalArgumentException e) {
            problem(where, "its leaf is not an encoded event: " + e.getMessage());
            return Optional.empty();
        }
        Optional<ClientEntry> recomputed = ClientEntry.of(event, leaf);
        if (!recomputed.equals(Optional.of(entry))) {
            problem(where, "the entry recomputed from its leaf, " + recomputed.map(ExportVerification::describe)
                    .orElse("none (not a client's event)") + ", is not the chain's entry " + position + ", "
                    + describe(entry));
            return Optional.empty();
        }
        return Optional.of(event);
    }

    /** The client's latest insurance record must name the export's insurer with consent to share. */
    private void consent(List<ClientEntry> entries, Map<Long, LogEvent> proven, String where) {
        ClientEntry latest = null;
        for (ClientEntry entry : entries) {
            if (entry.payloadType().equals(InsuranceConsent.INSURANCE_RECORDED)) {
                latest = entry;
            }
        }
        if (latest == null) {
            problem(where, "has no insurance record, so no consent to share with insurer " + insurerId);
            return;
        }
        LogEvent event = proven.get(latest.leafIndex());
        Optional<InsuranceConsent> consent = event == null ? Optional.empty() : InsuranceConsent.of(event);
        if (consent.isPresent() && !consent.get().sharesWith(insurerId)) {
            problem(where + ", event leaf " + latest.leafIndex(), "the client's latest insurance record names insurer "
                    + consent.get().insurerId() + " with consentToShare " + consent.get().consentToShare()
                    + ": the client may not be in an export for insurer " + insurerId);
        }
    }

    /** Each assessment must be of a session the rule selects; their content is derived data, not proved. */
    private void sessions(JsonNode json, String clientId, ExportSelection.Selection selection, String where) {
        if (json == null || !json.isArray()) {
            problem(where, "sessions: missing or not an array");
            return;
        }
        for (int i = 0; i < json.size(); i++) {
            String sessionId = text(json.get(i).get("sessionId"));
            if (sessionId == null) {
                problem(where + ", sessions[" + i + "]", "sessionId: missing or not a string");
            } else if (!selection.selectsSession(Hex.encode(ClientEntry.tag("session", clientId, sessionId)))) {
                problem(where + ", session " + sessionId, "added: an assessment of a session the selection rule does "
                        + "not select");
            }
        }
    }

    private static String describe(ClientEntry entry) {
        String type = entry.payloadType();
        return type.substring(type.lastIndexOf('.') + 1) + " at " + entry.at();
    }

    private Instant instant(JsonNode json, String field) {
        Instant instant = ExportSelection.instant(text(json));
        if (instant == null) {
            problem(EXPORT, field + ": missing or not an ISO-8601 instant");
        }
        return instant;
    }

    private static String text(JsonNode json) {
        return json != null && json.isTextual() ? json.textValue() : null;
    }

    private static byte[] base64(JsonNode json) {
        String text = text(json);
        try {
            return text == null ? null : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void problem(Problem problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        } else {
            unlisted++;
        }
    }

    void problem(String where, String what) {
        problem(new Problem(where, what));
    }

    private Verdict verdict() {
        List<Problem> all = new ArrayList<>(problems);
        if (unlisted > 0) {
            all.add(new Problem(EXPORT, unlisted + " more problems, not listed"));
        }
        return Verdict.of(all);
    }
}
