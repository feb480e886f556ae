package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revokes a clearance; sessions relying on it are stopped. */
public record RevokeClearance(@TargetAggregateIdentifier String clientId, String clearanceId, String reason) {
}
