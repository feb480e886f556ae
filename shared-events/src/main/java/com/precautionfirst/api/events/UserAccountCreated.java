package com.precautionfirst.api.events;

import com.precautionfirst.api.vocabulary.Role;
import org.axonframework.serialization.Revision;

/**
 * A person joined the user directory with a role: granting a role is audit evidence, and who granted it is in the
 * event's metadata. No password or hash: those live only in the directory table.
 */
@Revision("1")
public record UserAccountCreated(String userId, Role role, String insurerId) {
}
