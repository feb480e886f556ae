package com.precautionfirst.query.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.http.MediaType;

/** The formats an export is written in (docs/export-format.md): the name the query asks for, its media type, its writer. */
public enum ExportFormat {

    JSON("json", MediaType.APPLICATION_JSON, JsonExportWriter::new),
    /** RFC 4180's text/csv, its header parameter saying that the first row names the columns. */
    CSV("csv", MediaType.parseMediaType("text/csv;charset=UTF-8;header=present"), CsvExportWriter::new),
    /** A FHIR R4 Bundle (decision 0062). */
    FHIR("fhir", MediaType.valueOf(FhirExportWriter.MEDIA_TYPE), FhirExportWriter::new);

    /** Makes the writer of a format onto the response. */
    @FunctionalInterface
    interface WriterFactory {
        ExportWriter open(ObjectMapper mapper, OutputStream out) throws IOException;
    }

    private final String parameter;
    private final MediaType mediaType;
    private final WriterFactory writers;

    ExportFormat(String parameter, MediaType mediaType, WriterFactory writers) {
        this.parameter = parameter;
        this.mediaType = mediaType;
        this.writers = writers;
    }

    /** The format named {@code parameter} in the query ({@code format=json}). */
    public static Optional<ExportFormat> named(String parameter) {
        return Arrays.stream(values()).filter(f -> f.parameter.equals(parameter)).findFirst();
    }

    /** The names of every format, as the query gives them. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(f -> f.parameter).toList());
    }

    public String parameter() {
        return parameter;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    public ExportWriter writer(ObjectMapper mapper, OutputStream out) throws IOException {
        return writers.open(mapper, out);
    }
}
