package com.precautionfirst.api.commands;

import com.precautionfirst.api.vocabulary.BodyArea;
import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks the client record to start a session; it decides against the conditions and clearances. {@code startedAt} null means now. */
public record StartSession(@TargetAggregateIdentifier String clientId, String sessionId, String therapistId, List<BodyArea> plannedAreas, Instant startedAt) {
}
