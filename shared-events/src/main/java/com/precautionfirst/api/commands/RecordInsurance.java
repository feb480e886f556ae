package com.precautionfirst.api.commands;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records the client's insurer and consent to share records with it. */
public record RecordInsurance(@TargetAggregateIdentifier String clientId, String insurerId, String policyNumber, boolean consentToShare) {
}
