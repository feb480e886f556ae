package com.precautionfirst.command.user;

/** A user with this id is already in the directory (active or not); nothing is stored. */
public class UserAlreadyExistsException extends RuntimeException {

    public UserAlreadyExistsException(String userId) {
        super("User '" + userId + "' already exists.");
    }
}
