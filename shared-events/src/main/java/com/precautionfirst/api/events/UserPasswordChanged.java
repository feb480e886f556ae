package com.precautionfirst.api.events;

import org.axonframework.serialization.Revision;

/** The user's password was set anew (by the user or the admin: see metadata); the hash is not in the event. */
@Revision("1")
public record UserPasswordChanged(String userId) {
}
