package com.precautionfirst.verifier;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads an insurer export in FHIR ({@link FhirBundleWriter}, decision 0062) for {@link ExportVerification}, as a
 * stream: the Bundle's header becomes the JSON format's header, each client's block of entries (contiguous, the
 * writer writes one client at a time) the JSON format's client object, so both get the same checks and problems.
 * What only FHIR has is checked here: every resource parses strictly as FHIR R4 (HAPI, errors are problems), every
 * reference resolves to an entry of the Bundle, every resource has a Provenance, each leaf's Binary sits at its leaf's
 * full URL, the Bundle's signature is the checkpoint's; and, when every leaf of a client is proved, the client's
 * resources are exactly those {@link FhirResources} derives from its events (the Procedures' assessments aside:
 * derived by the query side, not covered by the proofs), so a resource changed, added or left out with its leaves
 * intact is "changed", "added" or "missing", named. When a leaf is not proved, its own problem names what is wrong,
 * and the resources are not compared.
 */
final class FhirExport {

    private static final String EXPORT = "export";

    private final ExportVerification verification;
    private final IParser fhir = FhirResources.context().newJsonParser()
            .setParserErrorHandler(new StrictErrorHandler());
    private final Map<String, JsonNode> header = new HashMap<>();
    private Checkpoint checkpoint;
    private boolean headerChecked;
    private boolean checkable;
    private boolean sawEntries;
    private int clients;

    private FhirExport(ExportVerification verification) {
        this.verification = verification;
    }

    static void read(InputStream in, ExportVerification verification) throws IOException {
        verification.parseJson(in, new FhirExport(verification)::read);
    }

    private void read(JsonParser parser) throws IOException {
        parser.nextToken(); // an object whose first member is resourceType: ExportFormat sniffed it
        JsonNode signature = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (name.equals("entry")) {
                entries(parser);
                continue;
            }
            JsonNode value = ExportVerification.VALUE.readTree(parser);
            if (sawEntries && !name.equals("signature")) {
                problem(EXPORT, name + ": comes after entry, but the header must come first");
            }
            switch (name) {
                case "resourceType" -> expect(value, "Bundle", "resourceType");
                case "type" -> expect(value, "collection", "type");
                case "timestamp" -> header.put("madeAt", value);
                case "meta" -> meta(value);
                case "signature" -> signature = value;
                default -> {
                    // other Bundle elements (id, identifier, ...) carry nothing the verification reads
                }
            }
        }
        if (parser.nextToken() != null) {
            problem(EXPORT, "has more after the end of its JSON object");
        }
        if (!sawEntries) {
            checkHeader();
            problem(EXPORT, "entry: missing");
        }
        if (checkpoint != null && checkpoint.signature() != null && (signature == null
                || !checkpoint.signature().equals(signature.path("data").asText()))) {
            problem(EXPORT, "signature: missing, or not the signature of the checkpoint the Bundle holds");
        }
    }

    private void expect(JsonNode value, String expected, String element) {
        if (!expected.equals(value.asText())) {
            problem(EXPORT, element + ": is not \"" + expected + "\"");
        }
    }

    /** The header's members from the Bundle's meta extensions, by their URLs. */
    private void meta(JsonNode meta) {
        Map<String, String> members = Map.of(FhirBundleWriter.EXPORT_FORMAT, EXPORT,
                FhirBundleWriter.EXPORT_INSURER, "insurerId", FhirBundleWriter.EXPORT_FROM, "from",
                FhirBundleWriter.EXPORT_TO, "to");
        for (JsonNode extension : meta.path("extension")) {
            String member = members.get(extension.path("url").asText());
            if (member != null) {
                extension.fields().forEachRemaining(field -> {
                    if (field.getKey().startsWith("value")) {
                        header.put(member, field.getValue());
                    }
                });
            }
        }
    }

    private void checkHeader() {
        if (!headerChecked) {
            headerChecked = true;
            checkable = verification.header(header);
        }
    }

    private void entries(JsonParser parser) throws IOException {
        sawEntries = true;
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            checkHeader();
            problem(EXPORT, "entry: is not an array");
            parser.skipChildren();
            return;
        }
        Block block = null;
        for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
            JsonNode entry = ExportVerification.VALUE.readTree(parser);
            String type = binaryType(entry);
            if (index == 0 && FhirBundleWriter.CHECKPOINT_TYPE.equals(type)) {
                JsonNode json = json(entry);
                if (json != null) {
                    header.put("checkpoint", json);
                    checkpoint(json);
                }
                continue;
            }
            checkHeader();
            if (FhirBundleWriter.CLIENT_TYPE.equals(type)) {
                finish(block);
                block = new Block(entry, clients++);
            } else if (block == null) {
                problem(EXPORT, "entry[" + index + "]: comes before the first client's Binary, so it is no client's");
            } else {
                block.add(entry);
            }
        }
        checkHeader();
        finish(block);
    }

    private void checkpoint(JsonNode json) {
        try {
            checkpoint = Json.MAPPER.treeToValue(json, Checkpoint.class);
        } catch (JsonProcessingException e) {
            checkpoint = null; // the header's check names it
        }
    }

    /** Checks the client whose block ends here: the JSON format's checks, then its resources. */
    private void finish(Block block) {
        if (block == null) {
            return;
        }
        if (block.client == null) {
            problem("clients[" + block.position + "]", "its Binary holds no JSON object (clientId, mapProof, "
                    + "entries)");
            return;
        }
        Map<Long, LogEvent> proven = verification.client(block.client, block.position);
        if (!block.client.path("clientId").isTextual() || !checkable) {
            return;
        }
        String clientId = block.client.path("clientId").asText();
        String where = "client " + clientId;
        block.leaves.forEach((url, leaf) -> {
            if (!url.equals(FhirResources.leafUrl(leaf))) {
                problem(where + ", event leaf " + leaf, "fullUrl: is " + url + ", not " + FhirResources.leafUrl(leaf)
                        + ", where the Provenances of its resources find it");
            }
        });
        boolean everyLeafProved = block.leaves.size() == block.events.size()
                && proven.keySet().containsAll(block.leaves.values()) && proven.size() == block.leaves.size();
        new Resources(where, block, FhirResources.derive(clientId, new TreeMap<>(proven), checkpoint))
                .check(everyLeafProved);
    }

    /**
     * What is kept of one client's entries while they are read: the JSON format's client object (its events as they
     * come), and each resource's JSON text (parsed when the client is checked, one at a time).
     */
    private static final class Block {
        final int position;
        final ObjectNode client;
        final ArrayNode events;
        final ArrayNode sessions;
        final Map<String, Long> leaves = new HashMap<>();
        final Set<String> urls = new HashSet<>();
        final Map<String, String> resources = new LinkedHashMap<>();

        Block(JsonNode binary, int position) {
            this.position = position;
            JsonNode chain = json(binary);
            client = chain != null && chain.isObject() ? (ObjectNode) chain : null;
            events = client == null ? null : client.putArray("events");
            sessions = client == null ? null : client.putArray("sessions");
            urls.add(binary.path("fullUrl").asText());
        }

        void add(JsonNode entry) {
            if (client == null) {
                return;
            }
            String url = entry.path("fullUrl").asText();
            urls.add(url);
            JsonNode resource = entry.path("resource");
            if (FhirBundleWriter.LEAF_TYPE.equals(binaryType(entry))) {
                ObjectNode event = leaf(entry);
                events.add(event);
                leaves.put(url, event.path("leafIndex").asLong(-1));
                return;
            }
            resources.put(url, resource.toString());
            if (resource.path("resourceType").asText().equals("Procedure")) {
                for (JsonNode extension : resource.path("extension")) {
                    if (extension.path("url").asText().equals(FhirResources.ASSESSMENT)) {
                        sessions.addObject().set("sessionId", resource.at("/identifier/0/value"));
                    }
                }
            }
        }
    }

    /** A leaf's Binary as the JSON format's event: {leafIndex, leaf, proof}. */
    private static ObjectNode leaf(JsonNode entry) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ArrayNode proof = Json.MAPPER.createArrayNode();
        for (JsonNode extension : entry.path("extension")) {
            String url = extension.path("url").asText();
            if (url.equals(FhirBundleWriter.LEAF_INDEX) && extension.has("valueDecimal")) {
                event.set("leafIndex", extension.get("valueDecimal"));
            } else if (url.equals(FhirBundleWriter.INCLUSION_PROOF) && extension.has("valueString")) {
                proof.add(extension.get("valueString"));
            }
        }
        event.set("leaf", entry.path("resource").path("data"));
        event.set("proof", proof);
        return event;
    }

    /** The content type of the entry's resource when it is a Binary, else null. */
    private static String binaryType(JsonNode entry) {
        JsonNode resource = entry.path("resource");
        return resource.path("resourceType").asText().equals("Binary") ? resource.path("contentType").asText() : null;
    }

    /** The JSON a Binary holds, or null when it holds none. */
    private static JsonNode json(JsonNode entry) {
        try {
            return Json.MAPPER.readTree(Base64.getDecoder().decode(entry.path("resource").path("data").asText()));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private void problem(String where, String what) {
        verification.problem(where, what);
    }

    /**
     * The checks of one client's resources: read one at a time, each parsed strictly, its references resolved, and
     * compared with what its events give.
     */
    private final class Resources {
        private final String where;
        private final Block block;
        private final Map<String, FhirResources.Derived> derived = new LinkedHashMap<>();
        /** The type of each resource read (a name for problems), and the targets of its Provenances. */
        private final Map<String, String> types = new LinkedHashMap<>();
        private final Set<String> withProvenance = new HashSet<>();

        Resources(String where, Block block, List<FhirResources.Derived> derived) {
            this.where = where;
            this.block = block;
            derived.forEach(resource -> this.derived.put(resource.fullUrl(), resource));
        }

        void check(boolean compare) {
            Set<String> unreadable = new HashSet<>();
            block.resources.forEach((url, json) -> {
                Resource resource;
                try {
                    resource = (Resource) fhir.parseResource(json);
                } catch (DataFormatException | ClassCastException e) {
                    unreadable.add(url);
                    problem(where + ", entry " + url, "is not a FHIR R4 resource: " + e.getMessage());
                    return;
                }
                types.put(url, resource.fhirType());
                references(url, resource);
                if (resource instanceof Provenance provenance) {
                    provenance.getTarget().forEach(target -> withProvenance.add(target.getReference()));
                }
                if (compare) {
                    compare(url, resource);
                }
            });
            types.forEach((url, type) -> {
                if (!type.equals("Provenance") && !withProvenance.contains(url)) {
                    problem(where + ", " + name(url), "has no Provenance: nothing says which events it comes from");
                }
            });
            if (compare) {
                derived.forEach((url, resource) -> {
                    if (!types.containsKey(url) && !unreadable.contains(url) && !withoutProvenance(resource)) {
                        problem(where + ", " + resource.name(), "missing: the events of leaves " + resource.leaves()
                                + " give this " + resource.resource().fhirType() + ", but the export does not hold it");
                    }
                });
            }
        }

        private void references(String url, Resource resource) {
            for (Reference reference : FhirResources.context().newTerser()
                    .getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                if (reference.hasReference() && !block.urls.contains(reference.getReference())) {
                    problem(where + ", " + name(url), "its reference " + reference.getReference()
                            + " resolves to no entry of the Bundle");
                }
            }
        }

        private void compare(String url, Resource held) {
            FhirResources.Derived resource = derived.get(url);
            if (resource == null) {
                problem(where + ", " + name(url), "added: no event of the client the export proves gives this "
                        + "resource");
                return;
            }
            if (held instanceof Procedure procedure) {
                procedure.getExtension().removeIf(e -> FhirResources.ASSESSMENT.equals(e.getUrl()));
            }
            if (!resource.resource().equalsDeep(held)) {
                problem(where + ", " + resource.name(), "changed: it is not the " + held.fhirType()
                        + " the events of leaves " + resource.leaves() + " give");
            }
        }

        /** A Provenance whose target is in the export without any: "has no Provenance" names it already. */
        private boolean withoutProvenance(FhirResources.Derived resource) {
            if (!(resource.resource() instanceof Provenance provenance)) {
                return false;
            }
            String target = provenance.getTargetFirstRep().getReference();
            return types.containsKey(target) && !withProvenance.contains(target);
        }

        private String name(String url) {
            FhirResources.Derived known = derived.get(url);
            return known != null ? known.name() : types.get(url) + " " + url;
        }
    }
}
