package com.precautionfirst.api.commands;

import com.precautionfirst.api.vocabulary.BodyArea;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records how the client responded on an area. */
public record RecordClientResponse(@TargetAggregateIdentifier String sessionId, BodyArea area, int sensitivity, boolean radiatingPain, String note) {
}
