package com.precautionfirst.command.domain;

/**
 * The command contradicts the record (an id already used, a condition that is not open, a date outside the
 * allowed window): bad input, not a precaution, so nothing is stored. Names the field at fault.
 */
public class InvalidCommandException extends RuntimeException {

    private final String field;

    public InvalidCommandException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field name. */
    public String reason() {
        return getMessage().substring(field.length() + 1);
    }
}
