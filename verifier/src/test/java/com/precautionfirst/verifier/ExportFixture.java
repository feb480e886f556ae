package com.precautionfirst.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small treatment log of two clients written the way the service stores it (payloads as its events serialize),
 * its checkpoint of format v2, and an insurer export of client c-1 for 2025-03-01 built here by hand, with the events
 * listed explicitly rather than chosen by {@link ExportSelection}: so that a verdict of "valid" says the rule selects
 * exactly these; and the same export in FHIR ({@link FhirBundleWriter#translate}). Signed with the published test key
 * of RFC 8032 (never for real checkpoints).
 */
final class ExportFixture {

    static final String EVENTS = "com.precautionfirst.api.events.";
    static final String FROM = "2025-03-01T00:00:00Z";
    static final String TO = "2025-03-02T00:00:00Z";
    static final String INSURER = "INS-X";
    static final String MADE_AT = "2025-03-02T08:00:01Z";

    /** What the rule must select of c-1 in the standard log, by leaf index (see {@link #standard()}). */
    static final Set<Long> SELECTED = Set.of(1L, 3L, 4L, 6L, 7L, 8L, 9L, 10L, 13L, 14L);
    static final long REFUSAL = 6;
    static final long LAST = 14;
    /** The leaves of session s-1 (its approval on the client stream included). */
    static final Set<Long> SESSION = Set.of(7L, 8L, 9L, 10L, 13L, 14L);

    final List<LogEvent> events = new ArrayList<>();

    /**
     * c-1: registered (0, not selected), two conditions (1 covered by the clearance, 2 not), a clearance of condition
     * cond-a (3), insured with INS-X with consent (4); c-2 registered (5); a refused start on c-1's stream (6); session
     * s-1 approved (7) and started in range (8), a pressure (9), a refused pressure (10); session s-0 started before the
     * range (11) with a pressure (12, stored in range: still not selected); s-1 amended (13) and ended (14, c-1's last
     * event).
     */
    static ExportFixture standard() {
        ExportFixture log = new ExportFixture();
        log.client("ClientRegistered", "c-1", "{\"clientId\":\"c-1\",\"name\":\"Maria Keller\","
                + "\"dateOfBirth\":\"1978-04-12\"}");
        log.client("ConditionDeclared", "c-1", "{\"clientId\":\"c-1\",\"conditionId\":\"cond-a\",\"icd10Code\":"
                + "\"M54.16\",\"description\":\"Sciatica\",\"requiresClearanceDeclared\":true,"
                + "\"requiresClearance\":true,\"region\":\"lower back\"}");
        log.client("ConditionDeclared", "c-1", "{\"clientId\":\"c-1\",\"conditionId\":\"cond-b\",\"icd10Code\":"
                + "\"F32.0\",\"description\":\"unrelated, never exported\",\"requiresClearanceDeclared\":false,"
                + "\"requiresClearance\":false,\"region\":null}");
        log.client("ClearanceRecorded", "c-1", "{\"clientId\":\"c-1\",\"clearanceId\":\"clr-1\",\"conditionIds\":"
                + "[\"cond-a\"],\"professional\":{\"name\":\"Dr. Anna Berg\",\"profession\":\"PHYSIOTHERAPIST\","
                + "\"licenseNumber\":\"PT-4711\"},\"issuedOn\":\"2025-01-01\",\"validUntil\":\"2025-12-31\"}");
        log.insurance("c-1", INSURER, true);
        log.client("ClientRegistered", "c-2", "{\"clientId\":\"c-2\",\"name\":\"Bob\",\"dateOfBirth\":\"1980-01-01\"}");
        log.client("PrecautionBlocked", "c-1", "{\"clientId\":\"c-1\",\"sessionId\":null,\"attemptedCommand\":"
                + "\"StartSession\",\"violations\":[{\"rule\":\"CLEARANCE_MISSING\"}]}");
        log.client("SessionStartApproved", "c-1", "{\"clientId\":\"c-1\",\"sessionId\":\"s-1\",\"therapistId\":"
                + "\"therapist-a\",\"startedAt\":\"2025-03-01T10:07:00Z\",\"clearanceId\":\"clr-1\","
                + "\"coveringClearanceIds\":[\"clr-1\"]}");
        log.started("s-1", "2025-03-01T10:07:00Z");
        log.session("PressureAdjusted", "s-1", "{\"sessionId\":\"s-1\",\"clientId\":\"c-1\",\"area\":\"LOWER_BACK\","
                + "\"level\":1}");
        log.session("PrecautionBlocked", "s-1", "{\"clientId\":\"c-1\",\"sessionId\":\"s-1\",\"attemptedCommand\":"
                + "\"AdjustPressure\",\"violations\":[{\"rule\":\"PRESSURE_ABOVE_LIMIT\"}]}");
        log.started("s-0", "2025-02-27T09:00:00Z");
        log.session("PressureAdjusted", "s-0", "{\"sessionId\":\"s-0\",\"clientId\":\"c-1\",\"area\":\"LOWER_BACK\","
                + "\"level\":2}");
        log.session("EntryAmended", "s-1", "{\"sessionId\":\"s-1\",\"clientId\":\"c-1\",\"entrySequence\":1,"
                + "\"correction\":\"pressure was 2\",\"reason\":\"typo\"}");
        log.session("SessionEnded", "s-1", "{\"sessionId\":\"s-1\",\"clientId\":\"c-1\",\"outcome\":\"COMPLETED\"}");
        return log;
    }

    void client(String type, String clientId, String payload) {
        add(type, "ClientRecord", clientId, payload);
    }

    void insurance(String clientId, String insurerId, boolean consent) {
        client("InsuranceRecorded", clientId, "{\"clientId\":\"" + clientId + "\",\"insurerId\":\"" + insurerId
                + "\",\"policyNumber\":\"POL-1\",\"consentToShare\":" + consent + "}");
    }

    void started(String sessionId, String startedAt) {
        session("SessionStarted", sessionId, "{\"sessionId\":\"" + sessionId + "\",\"clientId\":\"c-1\","
                + "\"therapistId\":\"therapist-a\",\"plannedAreas\":[\"LOWER_BACK\"],\"startedAt\":\"" + startedAt
                + "\",\"clearanceId\":\"clr-1\",\"coveringClearanceIds\":[\"clr-1\"]}");
    }

    void session(String type, String sessionId, String payload) {
        add(type, "TreatmentSession", sessionId, payload);
    }

    private void add(String type, String aggregateType, String stream, String payload) {
        long sequence = events.stream().filter(e -> e.streamId().equals(stream)).count();
        int i = events.size();
        events.add(new LogEvent("event-" + i, aggregateType, stream, sequence,
                Instant.parse("2025-03-01T10:00:00Z").plusSeconds(60L * i).toString(), EVENTS + type, "1",
                payload.getBytes(StandardCharsets.UTF_8),
                "{\"userId\":\"admin\",\"role\":\"CLINIC_ADMIN\"}".getBytes(StandardCharsets.UTF_8)));
    }

    List<byte[]> leafHashes() {
        return events.stream().map(LeafEncoding::leafHash).toList();
    }

    List<ClientEntry> chain(String clientId) {
        List<ClientEntry> chain = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ClientEntry.of(events.get(i), i).filter(e -> e.clientId().equals(clientId)).ifPresent(chain::add);
        }
        return chain;
    }

    ClientMap map() {
        Map<String, ClientChain.Head> heads = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            ClientEntry.of(events.get(i), i).ifPresent(e -> heads.put(e.clientId(),
                    heads.getOrDefault(e.clientId(), ClientChain.Head.start(e.clientId())).then(e)));
        }
        return ClientMap.of(heads.values());
    }

    Checkpoint checkpoint() {
        ClientMap map = map();
        return Checkpoints.sign(events.size(), Hex.encode(MerkleTree.root(leafHashes())), "2025-03-02T08:00:00Z",
                TestLog.ACCESS_LOG_HEAD, map.clients(), Hex.encode(map.root()), TestLog.RFC8032_TEST_KEY);
    }

    /** The export of c-1 with exactly these events, and an assessment of s-1. */
    ObjectNode export(Collection<Long> included) {
        return export("c-1", INSURER, included);
    }

    /** The export of the client for the insurer with exactly these events (and an assessment of s-1 with leaf 8). */
    ObjectNode export(String clientId, String insurerId, Collection<Long> included) {
        ObjectNode export = Json.MAPPER.createObjectNode();
        export.put("export", ExportVerification.FORMAT);
        export.set("checkpoint", Json.MAPPER.valueToTree(checkpoint()));
        export.put("insurerId", insurerId);
        export.put("from", FROM);
        export.put("to", TO);
        export.put("madeAt", MADE_AT);
        export.putArray("clients").add(client(clientId, included));
        return export;
    }

    /**
     * The export in CSV, written by the query side's writer ({@link CsvExport.Writer}) from the JSON export's header
     * and clients, as they are (a tampered client too).
     */
    static String csv(ObjectNode export) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CsvExport.Writer csv = new CsvExport.Writer(out);
            csv.begin(Json.MAPPER.treeToValue(export.get("checkpoint"), Checkpoint.class),
                    export.get("insurerId").asText(), Instant.parse(export.get("from").asText()),
                    Instant.parse(export.get("to").asText()), Instant.parse(export.get("madeAt").asText()));
            for (JsonNode client : export.get("clients")) {
                csv.client(client);
            }
            csv.end();
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode honest() {
        return export(SELECTED);
    }

    ObjectNode client(String clientId, Collection<Long> included) {
        ObjectNode client = Json.MAPPER.createObjectNode();
        client.put("clientId", clientId);
        client.set("mapProof", Json.MAPPER.valueToTree(map().proof(clientId, events.size()).orElseThrow()));
        ArrayNode entries = client.putArray("entries");
        chain(clientId).forEach(e -> entries.add(Base64.getEncoder().encodeToString(e.encode())));
        ArrayNode exported = client.putArray("events");
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes());
        for (long leaf : new TreeSet<>(included)) {
            exported.add(event(leaf, source));
        }
        ArrayNode sessions = client.putArray("sessions");
        assessments(included).forEach((sessionId, assessment) ->
                sessions.addObject().put("sessionId", sessionId).set("assessment", assessment));
        return client;
    }

    /** The assessment of s-1 when its start is included: derived data, which no proof covers. */
    private static Map<String, JsonNode> assessments(Collection<Long> included) {
        if (!included.contains(8L)) {
            return Map.of();
        }
        ObjectNode assessment = Json.MAPPER.createObjectNode().put("overall", "FLAGGED");
        assessment.putArray("checks").addObject().put("check", "WITHIN_RESTRICTIONS").put("status", "FLAGGED")
                .put("blockedAttempts", 1);
        return Map.of("s-1", assessment);
    }

    /** The export of c-1 with exactly these events in FHIR ({@link FhirBundleWriter}), the text the writer writes. */
    String fhir(Collection<Long> included) {
        return fhir(export(included));
    }

    /** The JSON export in FHIR: the same checkpoint, header, client, events in the same order, assessments. */
    static String fhir(JsonNode export) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            FhirBundleWriter.translate(export, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    String honestFhir() {
        return fhir(SELECTED);
    }

    ObjectNode event(long leaf) {
        return event(leaf, MerkleTree.HashSource.ofLeaves(leafHashes()));
    }

    private ObjectNode event(long leaf, MerkleTree.HashSource source) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("leafIndex", leaf);
        event.put("leaf", Base64.getEncoder().encodeToString(LeafEncoding.encode(events.get((int) leaf))));
        ArrayNode proof = event.putArray("proof");
        MerkleTree.inclusionProof(leaf, events.size(), source).forEach(h -> proof.add(Hex.encode(h)));
        return event;
    }
}
