package com.precautionfirst.command.pipeline;

/**
 * The command addresses a record that is not of the kind the command is for (a session command on a client's id,
 * or the reverse): to the caller that record does not exist.
 */
public class RecordNotFoundException extends RuntimeException {

    public RecordNotFoundException(String id, Throwable cause) {
        super("No record with id '" + id + "' of the kind this command is for.", cause);
    }
}
