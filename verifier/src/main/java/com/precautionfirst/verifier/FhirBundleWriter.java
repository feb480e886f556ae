package com.precautionfirst.verifier;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
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

    /** A selected event: the stored event as leaf {@code leafIndex}, and its inclusion proof. */
    public record Event(long leafIndex, LogEvent event, List<byte[]> proof) {

        public Event {
            proof = List.copyOf(proof);
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
            resource(FhirResources.leafUrl(event.leafIndex()), binary(LEAF_TYPE, LeafEncoding.encode(event.event())));
            proven.put(event.leafIndex(), event.event());
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
