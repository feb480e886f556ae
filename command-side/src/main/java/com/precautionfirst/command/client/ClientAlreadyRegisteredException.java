package com.precautionfirst.command.client;

/** A client id that already has a record; answered 409 and nothing is appended. */
public class ClientAlreadyRegisteredException extends RuntimeException {

    public ClientAlreadyRegisteredException(String clientId) {
        super("Client " + clientId + " is already registered.");
    }
}
