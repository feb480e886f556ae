package com.precautionfirst.api.commands;

import java.time.LocalDate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens a client's record. */
public record RegisterClient(@TargetAggregateIdentifier String clientId, String name, LocalDate dateOfBirth) {
}
