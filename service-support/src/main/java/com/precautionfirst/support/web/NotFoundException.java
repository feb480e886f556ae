package com.precautionfirst.support.web;

/** An unknown client or session; answered 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
