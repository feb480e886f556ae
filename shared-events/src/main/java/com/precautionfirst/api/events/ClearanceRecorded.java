package com.precautionfirst.api.events;

import com.precautionfirst.api.vocabulary.Professional;
import com.precautionfirst.api.vocabulary.Restrictions;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.serialization.Revision;

/** A health professional cleared massage for the named conditions, said where the damage is, and set restrictions. */
@Revision("1")
public record ClearanceRecorded(String clientId, String clearanceId, List<String> conditionIds, Professional professional, LocalDate issuedOn, LocalDate validUntil, String damageLocation, Restrictions restrictions, String documentSha256) implements ClientEvent {
}
