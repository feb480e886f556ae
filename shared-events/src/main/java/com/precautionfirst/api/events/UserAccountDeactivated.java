package com.precautionfirst.api.events;

import org.axonframework.serialization.Revision;

/** The user may no longer sign in; what they did stays in the record under their id. */
@Revision("1")
public record UserAccountDeactivated(String userId, String reason) {
}
