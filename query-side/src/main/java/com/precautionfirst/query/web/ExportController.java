package com.precautionfirst.query.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.query.access.RecordAccess;
import com.precautionfirst.query.export.ExportFormat;
import com.precautionfirst.query.export.ExportPlan;
import com.precautionfirst.query.export.Exporter;
import com.precautionfirst.query.export.FhirExportWriter;
import com.precautionfirst.query.export.JsonExportWriter;
import com.precautionfirst.query.log.SigningKey;
import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.validation.Texts;
import com.precautionfirst.support.web.InvalidInputException;
import com.precautionfirst.support.web.Problems;
import com.precautionfirst.verifier.ExportVerification;
import com.precautionfirst.verifier.Verdict;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Insurers' audit exports (decision 0061, docs/export-format.md) and their verification. An insurer exports only its
 * own insurer id (the directory's), admin and auditor any (roles by QuerySecurityConfiguration; a therapist is
 * refused). Every exported client's access is logged before the first byte is written; the export is streamed.
 */
@RestController
public class ExportController {

    /** The longest range one export covers. */
    static final Duration MAX_RANGE = Duration.ofDays(366);

    private final Exporter exporter;
    private final RecordAccess access;
    private final CallerResolver callers;
    private final SigningKey key;
    private final ObjectMapper mapper;

    public ExportController(Exporter exporter, RecordAccess access, CallerResolver callers, SigningKey key,
                            ObjectMapper mapper) {
        this.exporter = exporter;
        this.access = access;
        this.callers = callers;
        this.key = key;
        this.mapper = mapper;
    }

    @Operation(summary = "An insurer's audit export of its consenting clients (latest insurance record names the "
            + "insurer with consentToShare true, as of the newest signed checkpoint): per client the sessions started "
            + "in [from, to) with every event of their timeline, the clearances and conditions they rely on, refusals "
            + "outside sessions in the range, the consent; each event with its leaf and inclusion proof, the client's "
            + "whole content-free chain and its map proof, so the export proves it is unaltered and complete "
            + "(docs/export-format.md). Streamed, client by client. An insurer exports only its own insurer id. "
            + "format: json, csv or fhir (docs/export-format.md). 503 no-checkpoint-yet before the "
            + "first checkpoint of format v2. Every exported client gets an access-log entry before the first byte.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = JsonExportWriter.Document.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string", description = "format=csv: RFC 4180, "
                    + "UTF-8, a header row, then the export row, per client its client row, a row per entry of its "
                    + "chain (the selected events with leaf, proof and readable columns) and its assessment rows, then "
                    + "the end row (docs/export-format.md, \"CSV\")")),
            @Content(mediaType = FhirExportWriter.MEDIA_TYPE, schema = @Schema(type = "object", description = "format "
                    + "fhir: a FHIR R4 Bundle of type collection (docs/export-format.md, \"FHIR\"; decision 0062)"))})
    @GetMapping("/api/exports")
    public ResponseEntity<StreamingResponseBody> export(
            @Parameter(required = true, description = "The insurer (one line, at most 64 characters)")
            @RequestParam(required = false) String insurerId,
            @Parameter(required = true, description = "ISO-8601 instant, inclusive")
            @RequestParam(required = false) String from,
            @Parameter(required = true, description = "ISO-8601 instant, exclusive; after from, at most 366 days")
            @RequestParam(required = false) String to,
            @Parameter(required = true, description = "json, csv (RFC 4180) or fhir (a FHIR R4 Bundle)",
                    schema = @Schema(allowableValues = {"json", "csv", "fhir"}))
            @RequestParam(required = false) String format,
            HttpServletRequest request) {
        List<Problems.FieldProblem> problems = new ArrayList<>();
        String insurer = check(problems, () -> insurerId("insurerId", insurerId));
        Instant start = check(problems, () -> QueryParameters.instant("from", required("from", from)));
        Instant end = check(problems, () -> QueryParameters.instant("to", required("to", to)));
        if (start != null && end != null && !start.isBefore(end)) {
            problems.add(new Problems.FieldProblem("to", "must be after from"));
        } else if (start != null && end != null && Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            problems.add(new Problems.FieldProblem("to", "must be at most " + MAX_RANGE.toDays() + " days after from"));
        }
        ExportFormat written = null;
        if (format == null) {
            problems.add(new Problems.FieldProblem("format", "is required (" + ExportFormat.names() + ")"));
        } else {
            written = ExportFormat.named(format).orElse(null);
            if (written == null) {
                problems.add(new Problems.FieldProblem("format", "must be one of " + ExportFormat.names()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Caller caller = callers.current();
        if (caller.is(Role.INSURER) && !insurer.equals(caller.insurerId())) {
            throw access.refused(request, "An insurer exports only its own clients (insurer "
                    + caller.insurerId() + ").");
        }
        ExportPlan plan = exporter.plan(insurer, start, end);
        // every client's access logged, all or none, before the first byte (an export of no client is logged once)
        access.listed(plan.clientIds().isEmpty() ? Collections.singletonList(null) : plan.clientIds(), request);
        ExportFormat chosen = written;
        StreamingResponseBody body = out -> exporter.write(plan, chosen.writer(mapper, out));
        return ResponseEntity.ok().contentType(chosen.mediaType()).body(body);
    }

    @Operation(summary = "Verifies an export (the body, as GET /api/exports answered it, up to 64 MB, read as a "
            + "stream): the checkpoint's signature with the service's trusted keys, each client's chain against the "
            + "signed client map, each event's leaf against the chain and its inclusion proof, the selection rule "
            + "(an event left out, added or reordered), the consent; of a CSV export also its readable cells, of a "
            + "FHIR export its resources, against the events they show. {valid, problems: [{where, what}]} naming the "
            + "client and the event (leaf), chain entry, resource or row; the same verdict as the offline verifier jar.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "The export as GET "
            + "/api/exports answered it, in any of its formats (told apart by how it starts), sent as "
            + "application/json or in the media type it came in", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = JsonExportWriter.Document.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
            @Content(mediaType = FhirExportWriter.MEDIA_TYPE, schema = @Schema(type = "object"))})
    @PostMapping("/api/exports/verify")
    public Verdict verify(HttpServletRequest request) throws IOException {
        return ExportVerification.verify(request.getInputStream(), key.trusted().values());
    }

    private static String insurerId(String field, String value) {
        String problem = Texts.problem(required(field, value), false, 64);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
        return value;
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }

    /** The parsed value, or null with its problems noted: every broken rule is named at once. */
    private static <T> T check(List<Problems.FieldProblem> problems, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.errors());
            return null;
        }
    }
}
