package com.precautionfirst.api.commands;

import com.precautionfirst.api.vocabulary.SessionOutcome;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ends the session. */
public record EndSession(@TargetAggregateIdentifier String sessionId, SessionOutcome outcome, String notes) {
}
