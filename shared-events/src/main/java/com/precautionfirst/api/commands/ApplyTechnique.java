package com.precautionfirst.api.commands;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Technique;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Applies a technique to an area. */
public record ApplyTechnique(@TargetAggregateIdentifier String sessionId, BodyArea area, Technique technique) {
}
