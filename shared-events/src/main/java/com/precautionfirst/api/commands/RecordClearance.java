package com.precautionfirst.api.commands;

import com.precautionfirst.api.vocabulary.Professional;
import com.precautionfirst.api.vocabulary.Restrictions;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records a professional's clearance for open conditions of this client. */
public record RecordClearance(@TargetAggregateIdentifier String clientId, String clearanceId, List<String> conditionIds, Professional professional, LocalDate issuedOn, LocalDate validUntil, String damageLocation, Restrictions restrictions, String documentSha256) {
}
