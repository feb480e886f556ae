package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Corrects an earlier entry of the session stream, named by its sequence number. */
public record AmendEntry(@TargetAggregateIdentifier String sessionId, long entrySequence, String correction, String reason) {
}
