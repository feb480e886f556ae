package com.precautionfirst.query.web;

import static com.precautionfirst.support.web.ApiDocumentation.JSON;
import static com.precautionfirst.support.web.ApiDocumentation.accessLogUnavailable;
import static com.precautionfirst.support.web.ApiDocumentation.problem;
import static com.precautionfirst.support.web.ApiDocumentation.tooManyFailedLogins;
import static com.precautionfirst.support.web.ApiDocumentation.type;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every query answers besides its own body, documented in one place: the success is JSON; every GET takes
 * X-Event-Position (read your writes, {@link ReadYourWritesInterceptor}) and may answer X-Projection-Stale; errors
 * are problem+json: 400 bad parameter or header (GET), 401, 403 by role or by assignment, 404 for a record that
 * does not exist (paths naming a client or session; the log's checkpoints, events and keys), 413 and 415 for a POST body too large or not JSON, 429 after
 * too many failed logins, 503 when the access log cannot be written.
 */
@Configuration
public class QueryApiDocumentation {

    @Bean
    public OpenApiCustomizer queryAnswers() {
        return openApi -> {
            openApi.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/")) {
                    item.readOperationsMap().forEach((method, operation) -> document(path, method, operation));
                }
            });
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                describeCheckpoint(openApi.getComponents().getSchemas().get("Checkpoint"));
            }
        };
    }

    /**
     * The checkpoint is the verifier module's record (no OpenAPI annotations there): what its fields mean, the two
     * of format v2 (decision 0060) above all, which a checkpoint of format v1 leaves out.
     */
    private static void describeCheckpoint(Schema<?> checkpoint) {
        if (checkpoint == null || checkpoint.getProperties() == null) {
            return;
        }
        checkpoint.description("A signed tree head (docs/log-format.md). Format v1 signs six lines; format v2 "
                + "also signs clients and clientMapRoot, which a checkpoint of format v1 leaves out.");
        Map<String, String> fields = Map.of(
                "treeSize", "How many events the log holds",
                "rootHash", "The Merkle root (RFC 6962) of the first treeSize leaves, 64 lowercase hex characters",
                "issuedAt", "The issue instant, ISO-8601, exactly the signed string",
                "keyId", "SHA-256 of the public key's X.509 DER, 64 lowercase hex characters",
                "signature", "Base64 of the Ed25519 signature over the checkpoint's lines",
                "accessLogHead", "The access log's chain head when the checkpoint was issued, 64 lowercase hex",
                "clients", "Format v2: how many clients have events among the first treeSize (absent in format v1)",
                "clientMapRoot", "Format v2: the root of the client map over every client's chain head as of "
                        + "treeSize, 64 lowercase hex characters (absent in format v1)");
        fields.forEach((name, description) -> {
            Schema<?> property = checkpoint.getProperties().get(name);
            if (property != null) {
                property.description(description);
            }
        });
    }

    private static void document(String path, PathItem.HttpMethod method, Operation query) {
        ApiResponses responses = query.getResponses();
        responses.values().forEach(QueryApiDocumentation::answersJson);
        if (method == PathItem.HttpMethod.GET) {
            query.addParametersItem(new HeaderParameter().name(ReadYourWritesInterceptor.POSITION_HEADER)
                    .required(false).description("Read your writes: the X-Event-Position of a command-side answer; "
                            + "the query waits (bounded) until the projections have processed it. While a rebuild "
                            + "runs (POST /api/admin/projections/rebuild), its targetPosition "
                            + "waits for the rebuilt projections")
                    .schema(type("integer").format("int64")));
            responses.get("200").addHeaderObject(ReadYourWritesInterceptor.STALE_HEADER, new Header()
                    .description("true when the projections had not reached X-Event-Position in time (or a "
                            + "rebuild waited for had not switched yet): the answer is the live projections' one")
                    .schema(type("string")._enum(List.of("true"))));
            responses.addApiResponse("400", problem("An invalid query parameter or X-Event-Position, named in "
                    + "errors (validation-error)"));
        }
        responses.addApiResponse("401", problem("No valid credentials (unauthenticated)"))
                .addApiResponse("403", problem("The caller's role may not read this, or the client is not "
                        + "assigned to the therapist (forbidden)"));
        if (path.contains("{")) {
            responses.addApiResponse("404", problem("No such client or session, or none at asOf (not-found)"));
        }
        if (path.startsWith("/api/checkpoints/")) {
            responses.addApiResponse("404", problem("No checkpoint issued yet, no such event in the log, or no such "
                    + "trusted key (not-found)"));
        }
        if (method == PathItem.HttpMethod.POST && path.equals("/api/log/verification")) {
            responses.addApiResponse("400", problem("An invalid body, named in errors (validation-error)"));
        }
        if (method == PathItem.HttpMethod.POST) {
            responses.addApiResponse("413", problem("The request body is too large (payload-too-large)"))
                    .addApiResponse("415", problem("Not sent as application/json (unsupported-media-type); "
                            + "nothing done"));
        }
        responses.addApiResponse("429", tooManyFailedLogins())
                .addApiResponse("503", accessLogUnavailable());
        if (method == PathItem.HttpMethod.GET && path.equals("/api/exports")) {
            responses.addApiResponse("503", problem("The accesses could not be written to the access log "
                    + "(access-log-unavailable), or no checkpoint of format v2 has been signed yet "
                    + "(no-checkpoint-yet): nothing is answered; retry later"));
        }
    }

    /** springdoc writes a vague {@code *}{@code /*} where the answer is JSON. */
    private static void answersJson(ApiResponse response) {
        Content content = response.getContent();
        if (content != null && content.containsKey("*/*")) {
            MediaType json = content.remove("*/*");
            content.addMediaType(JSON, json);
        }
    }
}
