package com.precautionfirst.command.domain;

/** The sender may not do this to this record (a role or object check of an aggregate); nothing is stored. */
public class NotPermittedException extends RuntimeException {

    public NotPermittedException(String message) {
        super(message);
    }
}
