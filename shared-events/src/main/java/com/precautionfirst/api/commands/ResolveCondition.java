package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Marks an open condition as resolved. */
public record ResolveCondition(@TargetAggregateIdentifier String clientId, String conditionId, String note) {
}
