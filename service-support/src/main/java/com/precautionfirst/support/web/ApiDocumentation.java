package com.precautionfirst.support.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What both OpenAPI documents need to say what the services really answer: the problem+json body of every error
 * ({@code ProblemDetail}), and fields that may be null. springdoc writes OpenAPI 3.1, which has no {@code nullable}
 * keyword: a property annotated {@code @Schema(nullable = true)} is rewritten here to accept null as well
 * ({@code type: [..., "null"]}, or {@code anyOf: [{$ref}, {type: null}]} for a reference to another schema).
 */
@Configuration
public class ApiDocumentation {

    public static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    public static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    static final String PROBLEM_SCHEMA = "ProblemDetail";

    @Bean
    public OpenApiCustomizer problemsAndNulls() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            if (schemas != null) {
                schemas.values().forEach(ApiDocumentation::acceptNullWhereNullable);
            }
            openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
        };
    }

    /** An error answer: {@code application/problem+json} with the ProblemDetail schema. */
    public static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new JsonSchema().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
    }

    /** The 503 of both services when an access (a read, or a refusal) could not be written to the access log. */
    public static ApiResponse accessLogUnavailable() {
        return problem("The access could not be written to the access log, so nothing is answered "
                + "(access-log-unavailable); retry later");
    }

    /**
     * The 429 of both services: too many failed logins for the user or from the address, or no password check free
     * in time; the password was not checked.
     */
    public static ApiResponse tooManyFailedLogins() {
        return problem("Too many failed logins for this user or from this address, or too many password checks at "
                + "once (too-many-failed-logins); the password was not checked")
                .addHeaderObject("Retry-After", new Header().required(true).description("seconds to wait")
                        .schema(type("integer")));
    }

    /** A JSON answer with the given schema. */
    public static Content json(Schema<?> schema) {
        return new Content().addMediaType(JSON, new MediaType().schema(schema));
    }

    /** A header holding a global event position. */
    public static Header eventPosition(String description, boolean required) {
        return new Header().description(description).required(required).schema(type("integer").format("int64"));
    }

    /** A schema of the given JSON types (OpenAPI 3.1 writes {@code types}, not {@code type}). */
    public static Schema<Object> type(String... types) {
        return new JsonSchema().types(new LinkedHashSet<>(List.of(types)));
    }

    /**
     * RFC 9457 as Spring writes it ({@link Problems}): type, title, status and detail always; {@code errors} for
     * invalid input ({@code field}) and precaution refusals ({@code rule}); other members (e.g. {@code id},
     * {@code instance}) may follow.
     */
    static Schema<Object> problemSchema() {
        Schema<Object> error = type("object")
                .addProperty("field", type("string").description("the request field, parameter or header"))
                .addProperty("rule", type("string").description("the precaution rule that was broken"))
                .addProperty("message", type("string"));
        error.setRequired(List.of("message"));
        Schema<Object> problem = type("object")
                .description("RFC 9457 problem details")
                .addProperty("type", type("string").format("uri")
                        .description(Problems.TYPE_BASE + "<kind>, e.g. validation-error, precaution-blocked"))
                .addProperty("title", type("string"))
                .addProperty("status", type("integer").format("int32"))
                .addProperty("detail", type("string"))
                .addProperty("instance", type("string").format("uri"))
                .addProperty("errors", type("array").items(error)
                        .description("one entry per invalid field or broken precaution rule"));
        problem.setRequired(List.of("type", "title", "status", "detail"));
        return problem;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void acceptNullWhereNullable(Schema<?> schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        properties.replaceAll((name, property) -> {
            if (!Boolean.TRUE.equals(property.getNullable())) {
                return property;
            }
            property.setNullable(null);
            if (property.get$ref() != null) {
                return new JsonSchema().anyOf(List.of(new JsonSchema().$ref(property.get$ref()), type("null")))
                        .description(property.getDescription());
            }
            Set<String> types = new LinkedHashSet<>(property.getTypes() != null ? property.getTypes()
                    : Set.of(property.getType()));
            types.add("null");
            property.setTypes(types);
            if (property.getEnum() != null && !property.getEnum().contains(null)) {
                ((List) property.getEnum()).add(null);
            }
            return property;
        });
    }
}
