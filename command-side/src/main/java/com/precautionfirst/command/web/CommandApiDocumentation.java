package com.precautionfirst.command.web;

import static com.precautionfirst.support.web.ApiDocumentation.accessLogUnavailable;
import static com.precautionfirst.support.web.ApiDocumentation.eventPosition;
import static com.precautionfirst.support.web.ApiDocumentation.json;
import static com.precautionfirst.support.web.ApiDocumentation.problem;
import static com.precautionfirst.support.web.ApiDocumentation.tooManyFailedLogins;
import static com.precautionfirst.support.web.ApiDocumentation.type;

import com.precautionfirst.command.pipeline.CommandAnswer;
import com.precautionfirst.command.pipeline.CommandRunner;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every command answers, documented in one place: every command is a POST under /api that runs through
 * {@link CommandRunner} and the exception handlers, so they all share the Idempotency-Key header, the
 * X-Event-Position header of a success and the problem+json errors. A command that creates a record declares its
 * 201 body with {@code @ApiResponse} (see {@link Created}); every other command answers 200 without a body.
 */
@Configuration
public class CommandApiDocumentation {

    @Bean
    public OpenApiCustomizer commandAnswers() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/") && item.getPost() != null) {
                document(path, item.getPost());
            }
        });
    }

    private static void document(String path, Operation command) {
        command.addParametersItem(new HeaderParameter().name(CommandRunner.IDEMPOTENCY_HEADER).required(false)
                .description("Scoped per user. The same key with the same request: the first answer again (status, "
                        + "body, X-Event-Position), nothing appended; with another request: 422 idempotency-key-reused")
                .schema(type("string").minLength(1).maxLength(200)));
        ApiResponses declared = command.getResponses();
        boolean creates = declared.containsKey("201");
        ApiResponse success = new ApiResponse().description(creates ? "Created" : "Done; no body");
        if (creates) {
            success.content(json(declared.get("201").getContent().values().iterator().next().getSchema()));
        }
        success.addHeaderObject(CommandAnswer.EVENT_POSITION_HEADER, eventPosition("The global position of the "
                + "request's last event; send it to the query side to read this write", true));
        ApiResponses answers = new ApiResponses().addApiResponse(creates ? "201" : "200", success)
                .addApiResponse("400", problem("Invalid input (validation-error), one {field, message} per bad "
                        + "field, parameter or header; nothing appended"))
                .addApiResponse("401", problem("No valid credentials (unauthenticated)"))
                .addApiResponse("403", problem("The caller's role, or their relation to this record (an unassigned "
                        + "therapist, another therapist's session), does not allow this command (forbidden)"));
        if (path.contains("{") || declared.containsKey("404")) {
            answers.addApiResponse("404", problem("No record of this kind under the id (not-found)"));
        }
        answers.addApiResponse("409", problem("The id is in use (already-exists, naming the id), or other requests "
                        + "kept changing the record at the same time (conflict); nothing stored"))
                .addApiResponse("413", problem("The request body is too large (payload-too-large); nothing appended"))
                .addApiResponse("415", problem("The body is not application/json (unsupported-media-type); nothing "
                        + "appended"))
                .addApiResponse("422", problem("Refused by a precaution (precaution-blocked, one {rule, message} "
                        + "per broken rule, recorded as a PrecautionBlocked event whose position is in "
                        + "X-Event-Position), or the Idempotency-Key was used for another request "
                        + "(idempotency-key-reused)")
                        .addHeaderObject(CommandAnswer.EVENT_POSITION_HEADER, eventPosition(
                                "precaution-blocked only: the position of the PrecautionBlocked event", false)))
                .addApiResponse("429", tooManyFailedLogins())
                .addApiResponse("503", accessLogUnavailable());
        command.setResponses(answers);
    }
}
