package com.precautionfirst.query.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.query.assessment.PrecautionAssessment;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.ClientMapProof;
import com.precautionfirst.verifier.ExportVerification;
import com.precautionfirst.verifier.Hex;
import com.precautionfirst.verifier.LeafEncoding;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The JSON form of an export (docs/export-format.md), written as a stream with one {@link JsonGenerator}: the header,
 * then each client as it comes, each flushed, so the answer starts before the export is computed and memory holds one
 * client. {@link Document} is the whole document's shape, which the API documentation shows; it is never built whole.
 */
public final class JsonExportWriter implements ExportWriter {

    private final JsonGenerator json;

    /** Writes with the web layer's mapper, leaving nulls out as the read models' documents do. */
    public JsonExportWriter(ObjectMapper mapper, OutputStream out) throws IOException {
        this.json = mapper.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .createGenerator(out, JsonEncoding.UTF8);
    }

    @Override
    public void begin(ExportPlan plan) throws IOException {
        json.writeStartObject();
        json.writeStringField("export", ExportVerification.FORMAT);
        json.writeObjectField("checkpoint", plan.checkpoint());
        json.writeStringField("insurerId", plan.insurerId());
        json.writeStringField("from", plan.from().toString());
        json.writeStringField("to", plan.to().toString());
        json.writeStringField("madeAt", plan.madeAt().toString());
        json.writeArrayFieldStart("clients");
        json.flush();
    }

    @Override
    public void client(ClientExport client) throws IOException {
        json.writeObject(Client.of(client));
        json.flush();
    }

    @Override
    public void end() throws IOException {
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
    }

    @Schema(description = "An insurer's audit export (docs/export-format.md, decision 0061): the signed checkpoint it "
            + "is made against, the insurer, the range [from, to), when it was made, and each consenting client")
    public record Document(
            @Schema(description = "The format: \"" + ExportVerification.FORMAT + "\"") String export,
            @Schema(description = "The signed checkpoint (format v2) every proof is against") Checkpoint checkpoint,
            String insurerId,
            @Schema(description = "Sessions started at or after this instant are exported") Instant from,
            @Schema(description = "... and before this one") Instant to,
            Instant madeAt,
            List<Client> clients) {
    }

    @Schema(description = "One client: the proof of its chain's head in the checkpoint's client map, every entry of "
            + "its chain up to the checkpoint, the selected events with their proofs, and the assessments")
    public record Client(
            @Schema(description = "The client's id as the record holds it (no name, no date of birth)") String clientId,
            ClientMapProof mapProof,
            @Schema(description = "Base64 of each entry of the client's chain, in order (docs/log-format.md)")
            List<String> entries,
            @Schema(description = "The events the selection rule selects, in chain order") List<Event> events,
            @Schema(description = "The precaution assessment of each selected session: derived by the query side, "
                    + "not covered by the proofs") List<Session> sessions) {

        static Client of(ClientExport client) {
            Base64.Encoder base64 = Base64.getEncoder();
            return new Client(client.clientId(), client.mapProof(),
                    client.entries().stream().map(e -> base64.encodeToString(e.encode())).toList(),
                    client.events().stream().map(e -> new Event(e.leafIndex(),
                            base64.encodeToString(LeafEncoding.encode(e.event())),
                            e.proof().stream().map(Hex::encode).toList())).toList(),
                    client.sessions().stream().map(s -> new Session(s.sessionId(), s.assessment())).toList());
        }
    }

    @Schema(description = "One selected event: its leaf in the signed log and the inclusion proof against the "
            + "checkpoint's tree")
    public record Event(
            long leafIndex,
            @Schema(description = "Base64 of the leaf bytes: the stored event (docs/log-format.md)") String leaf,
            @Schema(description = "RFC 6962 inclusion proof, lowercase hex, lowest sibling first") List<String> proof) {
    }

    @Schema(description = "A selected session's precaution assessment (derived data, not covered by the proofs)")
    public record Session(
            String sessionId,
            @JsonInclude(JsonInclude.Include.ALWAYS)
            @Schema(nullable = true, description = "As GET /api/sessions/{sessionId} answers it; null when the query "
                    + "side has not projected the session yet") PrecautionAssessment assessment) {
    }
}
