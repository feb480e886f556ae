package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Lets a therapist treat this client. */
public record AssignTherapist(@TargetAggregateIdentifier String clientId, String therapistId) {
}
