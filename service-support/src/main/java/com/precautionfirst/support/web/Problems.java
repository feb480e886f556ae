package com.precautionfirst.support.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with the project's problem type URIs. */
public final class Problems {

    public static final String TYPE_BASE = "https://precautionfirst.com/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /** A validation problem: {@code errors} lists one {@code {field, message}} per bad field. */
    public static ProblemDetail validation(List<FieldProblem> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "validation-error", "Invalid request",
                "The request is not valid: " + errors.stream().map(FieldProblem::field).distinct().toList());
        problem.setProperty("errors", errors.stream()
                .map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return problem;
    }

    /** The body written by filters that run before Spring MVC (401, 403). */
    public static String json(HttpStatus status, String type, String title, String detail) {
        return "{\"type\":\"" + TYPE_BASE + type + "\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\"}";
    }

    /** Answers with a problem from a filter that runs before Spring MVC (401, 403, 413). */
    public static void write(HttpServletResponse response, HttpStatus status, String type, String title,
                             String detail) throws IOException {
        response.setStatus(status.value());
        response.setCharacterEncoding("UTF-8");
        response.setContentType("application/problem+json");
        response.getWriter().write(json(status, type, title, detail));
    }

    public record FieldProblem(String field, String message) {
    }
}
