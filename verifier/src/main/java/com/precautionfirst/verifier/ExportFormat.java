package com.precautionfirst.verifier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The formats of an insurer export (docs/export-format.md), told apart by how the export starts, so that the
 * verification endpoint and the command line take any of them without being told which: a JSON object whose first
 * member is {@code resourceType} is a FHIR R4 Bundle, any other JSON object (or anything starting like JSON) the JSON
 * format, and anything else CSV.
 */
enum ExportFormat {
    JSON, CSV, FHIR;

    /**
     * The format of the export {@code in} holds, read from at most {@link ExportVerification#SNIFF} bytes of its start;
     * {@code in} is left where it was (it must support mark and reset).
     */
    static ExportFormat of(InputStream in) throws IOException {
        in.mark(ExportVerification.SNIFF);
        byte[] start = in.readNBytes(ExportVerification.SNIFF);
        in.reset();
        int first = 0;
        if (start.length >= 3 && (start[0] & 0xff) == 0xef && (start[1] & 0xff) == 0xbb && (start[2] & 0xff) == 0xbf) {
            first = 3; // a byte-order mark, as spreadsheets write CSV
        }
        while (first < start.length && Character.isWhitespace(start[first])) {
            first++;
        }
        if (first == start.length || start[first] == '[') {
            return JSON; // empty, or not an object: the JSON reading names what is wrong
        }
        if (start[first] != '{') {
            return CSV;
        }
        try (JsonParser parser = Json.MAPPER.createParser(new ByteArrayInputStream(start, first, start.length - first))) {
            parser.nextToken();
            return parser.nextToken() == JsonToken.FIELD_NAME && parser.currentName().equals("resourceType")
                    ? FHIR : JSON;
        } catch (JsonProcessingException e) {
            return JSON;
        }
    }
}
