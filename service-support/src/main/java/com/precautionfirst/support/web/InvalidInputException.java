package com.precautionfirst.support.web;

import java.util.List;

/** Bad input found after parsing (a rule about a field's value); answered 400 and nothing is written. */
public class InvalidInputException extends RuntimeException {

    private final transient List<Problems.FieldProblem> errors;

    public InvalidInputException(List<Problems.FieldProblem> errors) {
        super(errors.toString());
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new Problems.FieldProblem(field, message)));
    }

    public List<Problems.FieldProblem> errors() {
        return errors;
    }
}
