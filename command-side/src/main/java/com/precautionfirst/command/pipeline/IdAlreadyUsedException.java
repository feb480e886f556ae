package com.precautionfirst.command.pipeline;

/** A command would create a record under an id that a client or a session already has; nothing is stored. */
public class IdAlreadyUsedException extends RuntimeException {

    private final String id;

    public IdAlreadyUsedException(String id) {
        super("The id '" + id + "' is already used by another record (client and session ids share one namespace);"
                + " nothing was stored. Choose another id, or leave it out to have one generated.");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
