package com.precautionfirst.api.commands;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PressureReason;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets the pressure on an area. */
public record AdjustPressure(@TargetAggregateIdentifier String sessionId, BodyArea area, int level, PressureReason reason) {
}
