package com.precautionfirst.command.domain;

/**
 * The command contradicts the record (an id already used, a condition that is not open, a date outside the
 * allowed window): bad input, not a precaution, so nothing is stored. Names the field at fault.
 */
public class InvalidCommandException extends RuntimeException {

    private final String field;
    private final String reason;

    public InvalidCommandException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    /** The message without the field name. */
    public String reason() {
        return reason;
    }
}
