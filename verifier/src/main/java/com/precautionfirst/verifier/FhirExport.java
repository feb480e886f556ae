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
import java.util.ArrayList;
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
        List<JsonNode> block = null;
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
                client(block);
                block = new ArrayList<>();
            } else if (block == null) {
                problem(EXPORT, "entry[" + index + "]: comes before the first client's Binary, so it is no client's");
                continue;
            }
            block.add(entry);
        }
        checkHeader();
        client(block);
    }

    private void checkpoint(JsonNode json) {
        try {
            checkpoint = Json.MAPPER.treeToValue(json, Checkpoint.class);
        } catch (JsonProcessingException e) {
            checkpoint = null; // the header's check names it
        }
    }

    /** One client's block: its Binary first, then the rest of its entries. */
    private void client(List<JsonNode> block) {
        if (block == null) {
            return;
        }
        int position = clients++;
        JsonNode chain = json(block.get(0));
        if (chain == null || !chain.isObject()) {
            problem("clients[" + position + "]", "its Binary holds no JSON object (clientId, mapProof, entries)");
            return;
        }
        ObjectNode client = (ObjectNode) chain;
        ArrayNode events = client.putArray("events");
        ArrayNode sessions = client.putArray("sessions");
        Map<String, Long> leaves = new HashMap<>();
        Set<String> urls = new HashSet<>();
        urls.add(FhirBundleWriter.clientUrl(client.path("clientId").asText()));
        Map<String, Resource> resources = new LinkedHashMap<>();
        Set<String> unreadable = new HashSet<>();
        String clientWhere = "client " + client.path("clientId").asText();
        for (JsonNode entry : block.subList(1, block.size())) {
            String url = entry.path("fullUrl").asText();
            urls.add(url);
            if (FhirBundleWriter.LEAF_TYPE.equals(binaryType(entry))) {
                ObjectNode event = leaf(entry);
                events.add(event);
                leaves.put(url, event.path("leafIndex").asLong(-1));
                continue;
            }
            try {
                Resource resource = (Resource) fhir.parseResource(entry.path("resource").toString());
                resources.put(url, resource);
                if (resource instanceof Procedure procedure && procedure.hasExtension(FhirResources.ASSESSMENT)) {
                    sessions.addObject().put("sessionId", procedure.getIdentifierFirstRep().getValue());
                }
            } catch (DataFormatException | ClassCastException e) {
                unreadable.add(url);
                problem(clientWhere + ", entry " + url, "is not a FHIR R4 resource: " + e.getMessage());
            }
        }
        Map<Long, LogEvent> proven = verification.client(client, position);
        if (!client.path("clientId").isTextual() || !checkable) {
            return;
        }
        leaves.forEach((url, leaf) -> {
            if (!url.equals(FhirResources.leafUrl(leaf))) {
                problem(clientWhere + ", event leaf " + leaf, "fullUrl: is " + url + ", not "
                        + FhirResources.leafUrl(leaf) + ", where the Provenances of its resources find it");
            }
        });
        boolean everyLeafProved = leaves.size() == events.size() && proven.keySet().containsAll(leaves.values())
                && proven.size() == leaves.size();
        new Resources(clientWhere, client.path("clientId").asText(), proven, resources, unreadable, urls)
                .check(everyLeafProved);
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

    /** The checks of one client's resources against its proved events. */
    private final class Resources {
        private final String where;
        private final Map<String, Resource> present;
        private final Set<String> unreadable;
        private final Set<String> urls;
        private final Map<String, FhirResources.Derived> derived = new LinkedHashMap<>();
        private final Set<String> withProvenance = new HashSet<>();

        Resources(String where, String clientId, Map<Long, LogEvent> proven, Map<String, Resource> present,
                  Set<String> unreadable, Set<String> urls) {
            this.where = where;
            this.present = present;
            this.unreadable = unreadable;
            this.urls = urls;
            FhirResources.derive(clientId, new TreeMap<>(proven), checkpoint)
                    .forEach(resource -> derived.put(resource.fullUrl(), resource));
            present.values().stream().filter(Provenance.class::isInstance).map(Provenance.class::cast)
                    .forEach(p -> p.getTarget().forEach(target -> withProvenance.add(target.getReference())));
        }

        void check(boolean compare) {
            present.forEach((url, resource) -> {
                for (Reference reference : FhirResources.context().newTerser()
                        .getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                    if (reference.hasReference() && !urls.contains(reference.getReference())) {
                        problem(where + ", " + name(url), "its reference " + reference.getReference()
                                + " resolves to no entry of the Bundle");
                    }
                }
                if (!(resource instanceof Provenance) && !withProvenance.contains(url)) {
                    problem(where + ", " + name(url), "has no Provenance: nothing says which events it comes from");
                }
            });
            if (!compare) {
                return;
            }
            derived.forEach((url, resource) -> {
                Resource held = present.get(url);
                if (held == null) {
                    if (!unreadable.contains(url) && !withoutProvenance(resource)) {
                        problem(where + ", " + resource.name(), "missing: the events of leaves " + resource.leaves()
                                + " give this " + resource.resource().fhirType() + ", but the export does not hold it");
                    }
                } else {
                    if (held instanceof Procedure procedure) {
                        procedure.getExtension().removeIf(e -> FhirResources.ASSESSMENT.equals(e.getUrl()));
                    }
                    if (!resource.resource().equalsDeep(held)) {
                        problem(where + ", " + resource.name(), "changed: it is not the " + held.fhirType()
                                + " the events of leaves " + resource.leaves() + " give");
                    }
                }
            });
            present.keySet().stream().filter(url -> !derived.containsKey(url)).forEach(url -> problem(where + ", "
                    + name(url), "added: no event of the client the export proves gives this resource"));
        }

        /** A Provenance whose target is in the export without any: "has no Provenance" names it already. */
        private boolean withoutProvenance(FhirResources.Derived resource) {
            if (!(resource.resource() instanceof Provenance provenance)) {
                return false;
            }
            String target = provenance.getTargetFirstRep().getReference();
            return present.containsKey(target) && !withProvenance.contains(target);
        }

        private String name(String url) {
            FhirResources.Derived known = derived.get(url);
            return known != null ? known.name() : present.get(url).fhirType() + " " + url;
        }
    }
}
