package com.precautionfirst.support.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error controller so that the errors the servlet container forwards to {@code /error}
 * (e.g. a URL the firewall rejects) are problem+json like every other answer, and so that {@code /error} asked
 * for directly is a 404 rather than a 500 with status 999 (issue 10).
 */
@Hidden // not part of the API: the OpenAPI documents list only real endpoints, as with Spring Boot's controller
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            return answer(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such resource."));
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemDetail problem = Problems.of(status, type(status), status.getReasonPhrase(),
                status.is5xxServerError() ? "The request failed; nothing was acknowledged."
                        : "The request was refused before it reached the API.");
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            try {
                problem.setInstance(URI.create(uri));
            } catch (IllegalArgumentException notAUri) {
                // the URI was refused for its characters: the problem goes without an instance
            }
        }
        return answer(problem);
    }

    /** The problem types of ApiExceptionHandler where they exist, else the reason phrase ("bad-request"). */
    private static String type(HttpStatus status) {
        return switch (status) {
            case INTERNAL_SERVER_ERROR -> "internal-error";
            case UNAUTHORIZED -> "unauthenticated";
            case PAYLOAD_TOO_LARGE -> "payload-too-large";
            default -> status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
        };
    }

    /** problem+json whatever the caller accepts: the content type is set, not negotiated. */
    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
