package com.precautionfirst.query.export;

import java.io.IOException;

/**
 * Writes an export in one format as it is made: the header, then one client at a time ({@link ClientExport}), then
 * the end. JSON is the first format ({@link JsonExportWriter}); CSV and FHIR write the same model.
 */
public interface ExportWriter {

    /** The header: what the export is made against and for; written (and flushed) before any client is read. */
    void begin(ExportPlan plan) throws IOException;

    /** One client, written and flushed before the next is read. */
    void client(ClientExport client) throws IOException;

    void end() throws IOException;
}
