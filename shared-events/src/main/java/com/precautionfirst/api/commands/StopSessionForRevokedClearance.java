package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the system when the clearance a session relies on is revoked. */
public record StopSessionForRevokedClearance(@TargetAggregateIdentifier String sessionId, String clientId, String clearanceId, String reason) {
}
