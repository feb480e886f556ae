package com.precautionfirst.api.commands;

/**
 * A user account's stream id: {@code user:} and the user id. The prefix keeps accounts out of the namespace of
 * client and session ids, whose pattern has no colon, so a user and a client may have the same name.
 */
public final class UserAccounts {

    private static final String PREFIX = "user:";

    private UserAccounts() {
    }

    public static String streamId(String userId) {
        return PREFIX + userId;
    }
}
