package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The clinic admin ends a person's access; their record of what they did stays. */
public record DeactivateUserAccount(@TargetAggregateIdentifier String accountId, String userId, String reason) {
}
