package com.precautionfirst.command.web;

import com.precautionfirst.command.client.ClientAlreadyRegisteredException;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import com.precautionfirst.command.pipeline.IdAlreadyUsedException;
import com.precautionfirst.command.pipeline.RecordNotFoundException;
import com.precautionfirst.command.user.UserAlreadyExistsException;
import com.precautionfirst.support.access.Access;
import com.precautionfirst.support.access.AccessLog;
import com.precautionfirst.support.access.AccessLogUnavailableException;
import com.precautionfirst.support.access.RequestedRecord;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The domain's and Axon's failures as problem+json; runs before the generic handler of service-support. The
 * aggregates know nothing of HTTP: this is where their exceptions get a status.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CommandExceptionHandler {

    private final AccessLog accessLog;
    private final CallerResolver callers;

    public CommandExceptionHandler(AccessLog accessLog, CallerResolver callers) {
        this.accessLog = accessLog;
        this.callers = callers;
    }

    /** A refusal by an aggregate's object check is written to the access log like a refusal by role. */
    @ExceptionHandler(NotPermittedException.class)
    public ProblemDetail notPermitted(NotPermittedException e, HttpServletRequest request) {
        try {
            accessLog.append(Access.refused(callers.current(), request, RequestedRecord.of(request)));
        } catch (AccessLogUnavailableException unavailable) {
            return AccessLogUnavailableException.problem();
        }
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler(InvalidCommandException.class)
    public ProblemDetail invalidCommand(InvalidCommandException e) {
        return Problems.validation(List.of(new Problems.FieldProblem(e.field(), e.reason())));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    public ProblemDetail notFound(AggregateNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No record with id '" + e.getAggregateIdentifier() + "'.");
    }

    @ExceptionHandler(RecordNotFoundException.class)
    public ProblemDetail notOfThisKind(RecordNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(IdAlreadyUsedException.class)
    public ProblemDetail idUsed(IdAlreadyUsedException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "already-exists", "Already exists", e.getMessage());
        problem.setProperty("id", e.id());
        return problem;
    }

    @ExceptionHandler(UserAlreadyExistsException.class)
    public ProblemDetail userExists(UserAlreadyExistsException e) {
        return Problems.of(HttpStatus.CONFLICT, "already-exists", "Already exists", e.getMessage()
                + " Nothing was stored.");
    }

    @ExceptionHandler(ClientAlreadyRegisteredException.class)
    public ProblemDetail clientExists(ClientAlreadyRegisteredException e) {
        return Problems.of(HttpStatus.CONFLICT, "already-exists", "Already exists",
                e.getMessage() + " Nothing was stored.");
    }

    /** Another command kept changing the same stream first; nothing of this request was stored. */
    @ExceptionHandler(ConcurrencyException.class)
    public ProblemDetail conflict(ConcurrencyException e) {
        return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict",
                "The record was changed by other requests at the same time; nothing was stored. Reload and retry.");
    }
}
