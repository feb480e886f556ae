package com.precautionfirst.command.web;

import com.precautionfirst.command.client.ClientAlreadyRegisteredException;
import com.precautionfirst.support.web.Problems;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Axon's failures as problem+json; runs before the generic handler of service-support. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CommandExceptionHandler {

    @ExceptionHandler(AggregateNotFoundException.class)
    public ProblemDetail notFound(AggregateNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No record with id " + e.getAggregateIdentifier() + ".");
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    public ProblemDetail alreadyExists(AggregateStreamCreationException e) {
        return Problems.of(HttpStatus.CONFLICT, "already-exists", "Already exists",
                "A record with this id already exists; nothing was stored.");
    }

    @ExceptionHandler(ClientAlreadyRegisteredException.class)
    public ProblemDetail clientExists(ClientAlreadyRegisteredException e) {
        return Problems.of(HttpStatus.CONFLICT, "already-exists", "Already exists",
                e.getMessage() + " Nothing was stored.");
    }

    /** Another command changed (or created) the same stream first; nothing of this request was stored. */
    @ExceptionHandler(ConcurrencyException.class)
    public ProblemDetail conflict(ConcurrencyException e) {
        return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict",
                "The record was changed by another request at the same time, or already exists; nothing was stored."
                        + " Reload and retry.");
    }
}
