package com.precautionfirst.support.security;

import static com.precautionfirst.support.web.ApiDocumentation.problem;
import static com.precautionfirst.support.web.ApiDocumentation.tooManyFailedLogins;

import com.precautionfirst.api.vocabulary.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me} on both services: who the credentials belong to (user id, role, insurer). Every signed-in user
 * may ask; it does nothing but authenticate the caller, so it is also the benchmark's HTTP floor: what an
 * authenticated request costs a service before any command or query work (docs/performance.md).
 */
@RestController
public class WhoAmIController {

    public static final String PATH = "/api/me";

    private final CallerResolver callers;

    public WhoAmIController(CallerResolver callers) {
        this.callers = callers;
    }

    @Operation(summary = "The signed-in user: user id, role and, for an insurer, the insurer id")
    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public Me me() {
        Caller caller = callers.current();
        return new Me(caller.userId(), caller.role(), caller.insurerId());
    }

    /** The errors of {@code GET /api/me}, which neither service's own documentation of its operations covers. */
    @Bean
    static OpenApiCustomizer whoAmIAnswers() {
        return openApi -> {
            if (openApi.getPaths() != null && openApi.getPaths().get(PATH) != null) {
                openApi.getPaths().get(PATH).getGet().getResponses()
                        .addApiResponse("401", problem("No valid credentials (unauthenticated)"))
                        .addApiResponse("429", tooManyFailedLogins());
            }
        };
    }

    public record Me(String userId, Role role,
                     @Schema(nullable = true, description = "the insurer of an INSURER user, otherwise null")
                     String insurerId) {
    }
}
