package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Declares a condition; {@code requiresClearance} may be null (the ICD-10 family then decides). */
public record DeclareCondition(@TargetAggregateIdentifier String clientId, String conditionId, String icd10Code, String description, Boolean requiresClearance, String region) {
}
