package com.precautionfirst.support.web;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.precautionfirst.support.access.AccessLogUnavailableException;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Maps failures to application/problem+json, naming the field or rule. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final Pattern REJECTED_HEADER = Pattern.compile("the header: \"([^\"]+)\"");

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException read && read.getProcessor() != null
                    && String.valueOf(read.getOriginalMessage()).startsWith("Duplicate field")) {
                // spring.jackson.parser.strict-duplicate-detection: the key given twice, where it was given twice
                return Problems.validation(List.of(new Problems.FieldProblem(
                        path(read.getProcessor().getParsingContext()), "is given more than once")));
            }
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            return Problems.validation(List.of(new Problems.FieldProblem(field, describe(mismatch))));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return Problems.validation(List.of(new Problems.FieldProblem(path(mapping), mapping.getOriginalMessage())));
        }
        return Problems.validation(List.of(new Problems.FieldProblem("body", "malformed or missing JSON body")));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    public ProblemDetail invalid(MethodArgumentNotValidException e) {
        return Problems.validation(e.getBindingResult().getFieldErrors().stream()
                .map(f -> new Problems.FieldProblem(f.getField(), f.getDefaultMessage()))
                .toList());
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    public ProblemDetail invalidParameters(HandlerMethodValidationException e) {
        return Problems.validation(e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> new Problems.FieldProblem(
                        r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList());
    }

    @ExceptionHandler(InvalidInputException.class)
    public ProblemDetail invalidInput(InvalidInputException e) {
        return Problems.validation(e.errors());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.validation(List.of(new Problems.FieldProblem(e.getName(),
                "not a valid " + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName()))));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        return Problems.validation(List.of(new Problems.FieldProblem(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    public ProblemDetail missingHeader(MissingRequestHeaderException e) {
        return Problems.validation(List.of(new Problems.FieldProblem(e.getHeaderName(), "header is required")));
    }

    @ExceptionHandler(NotFoundException.class)
    public ProblemDetail notFound(NotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ProblemDetail noResource(NoResourceFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such resource.");
    }

    @ExceptionHandler(ForbiddenException.class)
    public ProblemDetail forbidden(ForbiddenException e) {
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    /** Fail closed: a record whose access could not be logged is not answered. */
    @ExceptionHandler(AccessLogUnavailableException.class)
    public ProblemDetail accessLogUnavailable(AccessLogUnavailableException e) {
        log.error("Access log unavailable, request not answered", e);
        return AccessLogUnavailableException.problem();
    }

    /** A body streamed past its limit (the export verification's, read as it comes). */
    @ExceptionHandler(PayloadTooLargeException.class)
    public ProblemDetail payloadTooLarge(PayloadTooLargeException e) {
        return e.problem();
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ProblemDetail unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                "Send application/json.");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ProblemDetail methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed", e.getMessage());
    }

    @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
    public ProblemDetail accessDenied(org.springframework.security.access.AccessDeniedException e) {
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your role may not do this.");
    }

    /**
     * Spring Security's firewall checks a header's value when it is first read, which may be in a controller
     * (Idempotency-Key, X-Event-Position): a control character there is bad input, not a failure.
     */
    @ExceptionHandler(RequestRejectedException.class)
    public ProblemDetail rejected(RequestRejectedException e) {
        Matcher header = REJECTED_HEADER.matcher(String.valueOf(e.getMessage()));
        return Problems.validation(List.of(new Problems.FieldProblem(header.find() ? header.group(1).strip()
                : "request", "holds characters that are not allowed (control characters)")));
    }

    @ExceptionHandler(org.springframework.web.ErrorResponseException.class)
    public ProblemDetail errorResponse(org.springframework.web.ErrorResponseException e) {
        return e.getBody();
    }

    @ExceptionHandler(Exception.class)
    public ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request failed; nothing was acknowledged.");
    }

    private static String path(JsonMappingException e) {
        return join(e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]").toList());
    }

    private static String path(JsonStreamContext context) {
        LinkedList<String> names = new LinkedList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            names.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        return join(names);
    }

    /** {@code professional.name}, {@code conditionIds[1]}: the field names of Bean Validation. */
    private static String join(List<String> names) {
        return String.join(".", names).replace(".[", "[");
    }

    private static String describe(MismatchedInputException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return "'" + format.getValue() + "' is not one of "
                    + Arrays.toString(format.getTargetType().getEnumConstants());
        }
        String type = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
        return "not a valid " + type;
    }
}
