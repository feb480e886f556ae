package com.precautionfirst.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A service's own OpenAPI 3.1 document ({@code /v3/api-docs}), to hold its real answers against: is the status
 * documented for the operation, is the content type one the document gives for it, does the body match that
 * schema (a JSON Schema 2020-12 check), are the headers the document requires there.
 */
public final class OpenApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final JsonNode document;
    /** The component schemas, as {@code $defs} of every schema checked against. */
    private final JsonNode definitions;

    private OpenApiDocument(JsonNode document) {
        this.document = document;
        this.definitions = read(document.path("components").path("schemas").toString()
                .replace("\"#/components/schemas/", "\"#/$defs/"));
    }

    public static OpenApiDocument parse(String json) {
        return new OpenApiDocument(read(json));
    }

    /** Every operation as {@code METHOD /path}, e.g. {@code POST /api/clients/{clientId}/conditions}. */
    public SortedSet<String> operations() {
        SortedSet<String> operations = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return operations;
    }

    /**
     * What the document gets wrong about one answer of an operation; empty when it tells the truth.
     *
     * @param operation as {@link #operations()} names it
     */
    public List<String> check(String operation, Answer answer) {
        String where = operation + " answered " + answer.status() + ": ";
        String[] methodAndPath = operation.split(" ", 2);
        JsonNode responses = document.path("paths").path(methodAndPath[1])
                .path(methodAndPath[0].toLowerCase(Locale.ROOT)).path("responses");
        if (responses.isMissingNode()) {
            return List.of(where + "the operation is not in the document");
        }
        JsonNode response = responses.path(Integer.toString(answer.status()));
        if (response.isMissingNode()) {
            return List.of(where + "status not documented (documented: " + names(responses) + ")");
        }
        List<String> problems = new ArrayList<>();
        response.path("headers").fields().forEachRemaining(header -> {
            if (header.getValue().path("required").asBoolean() && answer.header().apply(header.getKey()) == null) {
                problems.add(where + "required header " + header.getKey() + " missing");
            }
        });
        boolean hasBody = answer.body() != null && !answer.body().isEmpty();
        JsonNode content = response.path("content");
        if (!hasBody) {
            if (!content.isMissingNode() && !content.isEmpty()) {
                problems.add(where + "no body, but the document gives one (" + names(content) + ")");
            }
            return problems;
        }
        JsonNode mediaType = mediaType(content, answer.contentType());
        if (mediaType == null) {
            problems.add(where + "content type " + answer.contentType() + " not documented (documented: "
                    + names(content) + ")");
            return problems;
        }
        ObjectNode schema = ((ObjectNode) read(mediaType.path("schema").toString()
                .replace("\"#/components/schemas/", "\"#/$defs/")));
        schema.set("$defs", definitions);
        JsonSchema validator = SCHEMAS.getSchema(schema);
        boolean json = answer.contentType() != null && answer.contentType().split(";")[0].trim().endsWith("json");
        JsonNode body = json ? read(answer.body()) : TextNode.valueOf(answer.body());
        for (ValidationMessage message : validator.validate(body)) {
            problems.add(where + message.getMessage());
        }
        return problems;
    }

    /**
     * The media type of {@code content} that is the answer's content type (parameters such as charset aside); a
     * vague {@code *}{@code /*} does not count.
     */
    private static JsonNode mediaType(JsonNode content, String contentType) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> documented = it.next();
            if (documented.getKey().equals(type)) {
                return documented.getValue();
            }
        }
        return null;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One real answer.
     *
     * @param header the value of a response header by name, or null when it is absent
     */
    public record Answer(int status, String contentType, String body, Function<String, String> header) {
    }
}
