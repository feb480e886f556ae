package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stops the session before its end, by the therapist's decision. */
public record StopSessionEarly(@TargetAggregateIdentifier String sessionId, String reason) {
}
