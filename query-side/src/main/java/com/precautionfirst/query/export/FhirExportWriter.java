package com.precautionfirst.query.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.verifier.FhirBundleWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The FHIR R4 form of an export (docs/export-format.md, "FHIR", decision 0062): a Bundle written as a stream by the
 * verifier module's {@link FhirBundleWriter}, whose resources are the ones the verification derives again from the
 * proven events. This side only hands it each client, with the assessments as the session query answers them.
 */
public final class FhirExportWriter implements ExportWriter {

    /** FHIR's JSON media type, the answer's content type. */
    public static final String MEDIA_TYPE = "application/fhir+json";

    private final ObjectMapper mapper;
    private final FhirBundleWriter bundle;

    public FhirExportWriter(ObjectMapper mapper, OutputStream out) throws IOException {
        this.mapper = mapper;
        this.bundle = new FhirBundleWriter(out);
    }

    @Override
    public void begin(ExportPlan plan) throws IOException {
        bundle.begin(plan.checkpoint(), plan.insurerId(), plan.from().toString(), plan.to().toString(),
                plan.madeAt().toString());
    }

    @Override
    public void client(ClientExport client) throws IOException {
        Map<String, JsonNode> assessments = new HashMap<>();
        client.sessions().forEach(s -> assessments.put(s.sessionId(), mapper.valueToTree(s.assessment())));
        bundle.client(client.clientId(), client.mapProof(), client.entries(), client.events().stream()
                .map(e -> FhirBundleWriter.Event.of(e.leafIndex(), e.event(), e.proof())).toList(), assessments);
    }

    @Override
    public void end() throws IOException {
        bundle.end();
    }
}
