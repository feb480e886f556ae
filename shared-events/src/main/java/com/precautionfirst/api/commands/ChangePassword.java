package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The user, or the clinic admin, sets a new password; the hash travels beside the command, never in it. */
public record ChangePassword(@TargetAggregateIdentifier String accountId, String userId) {
}
