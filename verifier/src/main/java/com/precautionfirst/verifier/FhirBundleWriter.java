package com.precautionfirst.verifier;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;

/**
 * Writes an insurer export as a FHIR R4 Bundle of type {@code collection} (decision 0062, docs/export-format.md,
 * "FHIR"), as a stream: the Bundle's skeleton (header, entry array, signature) with Jackson's {@link JsonGenerator},
 * each resource with HAPI's encoder, one client's block of entries at a time, flushed, so memory holds one client.
 * In the verifier module because the resources are {@link FhirResources}'s, which the verification derives again
 * ({@link FhirExport}); the query side writes through it, and so do the tests that tamper with an export.
 *
 * <p>The header is in {@code Bundle.meta} (extensions {@code export-format}, {@code export-insurer},
 * {@code export-from}, {@code export-to}) and {@code Bundle.timestamp} (when it was made); the first entry is a
 * {@code Binary} with the checkpoint's JSON; then per client a {@code Binary} with its chain and map proof, a
 * {@code Binary} per selected event with its leaf bytes (its entry's extensions {@code leaf-index} and
 * {@code inclusion-proof}), the resources derived from those events, their Provenances; last
 * {@code Bundle.signature}, the checkpoint's signature.
 */
public final class FhirBundleWriter {

    /** The media type of the Binary holding the checkpoint's JSON (docs/log-format.md). */
    public static final String CHECKPOINT_TYPE = "application/vnd.precaution-first.checkpoint+json";
    /** The media type of a client's Binary: {@code {clientId, mapProof, entries}} as in the JSON format. */
    public static final String CLIENT_TYPE = "application/vnd.precaution-first.client+json";
    /** The media type of an event's Binary: its leaf bytes (docs/log-format.md, "Leaf encoding"). */
    public static final String LEAF_TYPE = "application/vnd.precaution-first.leaf";
    static final String LEAF_INDEX = FhirResources.EXTENSIONS + "leaf-index";
    static final String INCLUSION_PROOF = FhirResources.EXTENSIONS + "inclusion-proof";
    static final String EXPORT_FORMAT = FhirResources.EXTENSIONS + "export-format";
    static final String EXPORT_INSURER = FhirResources.EXTENSIONS + "export-insurer";
    static final String EXPORT_FROM = FhirResources.EXTENSIONS + "export-from";
    static final String EXPORT_TO = FhirResources.EXTENSIONS + "export-to";

    /** A selected event: the leaf bytes of leaf {@code leafIndex} ({@link LeafEncoding}), and its inclusion proof. */
    public record Event(long leafIndex, byte[] leaf, List<byte[]> proof) {

        public Event {
            leaf = leaf.clone();
            proof = List.copyOf(proof);
        }

        /** The stored event as leaf {@code leafIndex}. */
        public static Event of(long leafIndex, LogEvent event, List<byte[]> proof) {
            return new Event(leafIndex, LeafEncoding.encode(event), proof);
        }
    }

    private final JsonGenerator json;
    private final IParser parser = FhirResources.context().newJsonParser();
    private Checkpoint checkpoint;

    public FhirBundleWriter(OutputStream out) throws IOException {
        this.json = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
    }

    /** The Bundle's header and the checkpoint's Binary, flushed before any client is read. */
    public void begin(Checkpoint checkpoint, String insurerId, String from, String to, String madeAt)
            throws IOException {
        this.checkpoint = checkpoint;
        json.writeStartObject();
        json.writeStringField("resourceType", "Bundle");
        json.writeObjectFieldStart("meta");
        json.writeArrayFieldStart("extension");
        extension(EXPORT_FORMAT, "valueString", ExportVerification.FORMAT);
        extension(EXPORT_INSURER, "valueString", insurerId);
        extension(EXPORT_FROM, "valueInstant", from);
        extension(EXPORT_TO, "valueInstant", to);
        json.writeEndArray();
        json.writeEndObject();
        json.writeStringField("type", "collection");
        json.writeStringField("timestamp", madeAt);
        json.writeArrayFieldStart("entry");
        entry(checkpointUrl(checkpoint), binary(CHECKPOINT_TYPE, Json.MAPPER.writeValueAsBytes(checkpoint)));
        json.flush();
    }

    /**
     * One client's block: its chain and map proof, its events' leaves, the resources derived from them with the
     * assessments ({@code assessments} by session id, as the JSON format's {@code sessions} hold them) on their
     * Procedures, and the Provenances; flushed.
     */
    public void client(String clientId, ClientMapProof mapProof, List<ClientEntry> entries, List<Event> events,
                       Map<String, JsonNode> assessments) throws IOException {
        ObjectNode chain = Json.MAPPER.createObjectNode();
        chain.put("clientId", clientId);
        chain.set("mapProof", Json.MAPPER.valueToTree(mapProof));
        ArrayNode encoded = chain.putArray("entries");
        entries.forEach(entry -> encoded.add(Base64.getEncoder().encodeToString(entry.encode())));
        entry(clientUrl(clientId), binary(CLIENT_TYPE, Json.MAPPER.writeValueAsBytes(chain)));

        SortedMap<Long, LogEvent> proven = new TreeMap<>();
        for (Event event : events) {
            json.writeStartObject();
            json.writeArrayFieldStart("extension");
            json.writeStartObject();
            json.writeStringField("url", LEAF_INDEX);
            json.writeNumberField("valueDecimal", event.leafIndex());
            json.writeEndObject();
            for (byte[] hash : event.proof()) {
                extension(INCLUSION_PROOF, "valueString", Hex.encode(hash));
            }
            json.writeEndArray();
            resource(FhirResources.leafUrl(event.leafIndex()), binary(LEAF_TYPE, event.leaf));
            try {
                proven.put(event.leafIndex(), LeafEncoding.decode(event.leaf));
            } catch (IllegalArgumentException e) {
                // no event, nothing derived from it (the verification says what is wrong with the leaf)
            }
        }
        for (FhirResources.Derived derived : FhirResources.derive(clientId, proven, checkpoint)) {
            if (derived.resource() instanceof Procedure procedure) {
                var assessment = FhirResources.assessment(assessments.get(procedure.getIdentifierFirstRep()
                        .getValue()));
                if (assessment != null) {
                    procedure.addExtension(assessment);
                }
            }
            entry(derived.fullUrl(), derived.resource());
        }
        json.flush();
    }

    /** The end of the entries and the Bundle's signature: the checkpoint's. */
    public void end() throws IOException {
        json.writeEndArray();
        json.writeFieldName("signature");
        json.writeRawValue(parser.encodeToString(FhirResources.signature(checkpoint)));
        json.writeEndObject();
        json.flush();
    }

    /**
     * Writes an export of the JSON format (docs/export-format.md) in FHIR: the same checkpoint, header, clients,
     * events (in the order given) and assessments, so the same export, or the same tampering of it, can be verified
     * in both formats.
     *
     * @throws IllegalArgumentException when the JSON is not an export that can be written (not one the service
     *                                  wrote, or broken past the point of a FHIR form: the verification of the JSON
     *                                  names why)
     */
    public static void translate(JsonNode export, OutputStream out) throws IOException {
        FhirBundleWriter writer = new FhirBundleWriter(out);
        writer.begin(Json.MAPPER.treeToValue(export.get("checkpoint"), Checkpoint.class),
                export.path("insurerId").asText(), export.path("from").asText(), export.path("to").asText(),
                export.path("madeAt").asText());
        Base64.Decoder base64 = Base64.getDecoder();
        for (JsonNode client : export.path("clients")) {
            String clientId = client.path("clientId").asText();
            List<ClientEntry> entries = new ArrayList<>();
            client.path("entries").forEach(e -> entries.add(ClientEntry.decode(clientId, base64.decode(e.asText()))));
            List<Event> events = new ArrayList<>();
            client.path("events").forEach(e -> {
                List<byte[]> proof = new ArrayList<>();
                e.path("proof").forEach(hash -> proof.add(Hex.decode(hash.asText())));
                events.add(new Event(e.path("leafIndex").asLong(), base64.decode(e.path("leaf").asText()), proof));
            });
            Map<String, JsonNode> assessments = new HashMap<>();
            client.path("sessions").forEach(s -> assessments.put(s.path("sessionId").asText(), s.get("assessment")));
            writer.client(clientId, Json.MAPPER.treeToValue(client.get("mapProof"), ClientMapProof.class), entries,
                    events, assessments);
        }
        writer.end();
    }

    /** The full URL of the checkpoint's Binary. */
    static String checkpointUrl(Checkpoint checkpoint) {
        return FhirResources.fullUrl("checkpoint", Long.toString(checkpoint.treeSize()), checkpoint.rootHash());
    }

    /** The full URL of a client's Binary. */
    static String clientUrl(String clientId) {
        return FhirResources.fullUrl("client", clientId);
    }

    private void entry(String fullUrl, Resource resource) throws IOException {
        json.writeStartObject();
        resource(fullUrl, resource);
    }

    /** The rest of an entry that is started: its full URL, its resource, its end. */
    private void resource(String fullUrl, Resource resource) throws IOException {
        json.writeStringField("fullUrl", fullUrl);
        json.writeFieldName("resource");
        json.writeRawValue(parser.encodeResourceToString(resource));
        json.writeEndObject();
    }

    private void extension(String url, String valueType, String value) throws IOException {
        json.writeStartObject();
        json.writeStringField("url", url);
        json.writeStringField(valueType, value);
        json.writeEndObject();
    }

    private static Binary binary(String contentType, byte[] data) {
        return new Binary().setContentType(contentType).setData(data);
    }
}
