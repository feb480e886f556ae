package com.precautionfirst.query.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.verifier.CsvExport;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The CSV form of an export (docs/export-format.md, "CSV"), for insurers who read it in a spreadsheet, streamed like
 * the JSON form: the header at once, then each client as it comes, each flushed. The rows are laid out by the
 * verifier's {@link CsvExport.Writer} from the JSON format's client object ({@link JsonExportWriter.Client}), so that
 * the two formats hold the same content and the verifier reads the rows back into what it checks in JSON.
 */
public final class CsvExportWriter implements ExportWriter {

    private final ObjectMapper mapper;
    private final CsvExport.Writer csv;

    /** Writes the assessments with the web layer's mapper, leaving nulls out as the JSON form does. */
    public CsvExportWriter(ObjectMapper mapper, OutputStream out) throws IOException {
        this.mapper = mapper.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);
        this.csv = new CsvExport.Writer(out);
    }

    @Override
    public void begin(ExportPlan plan) throws IOException {
        csv.begin(plan.checkpoint(), plan.insurerId(), plan.from(), plan.to(), plan.madeAt());
    }

    @Override
    public void client(ClientExport client) throws IOException {
        csv.client(mapper.valueToTree(JsonExportWriter.Client.of(client)));
    }

    @Override
    public void end() throws IOException {
        csv.end();
    }
}
