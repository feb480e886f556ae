package com.precautionfirst.support.web;

/** The caller's role may act, but not on this object (e.g. a client not assigned to the therapist); 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
