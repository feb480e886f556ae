package com.precautionfirst.api.events;

import org.axonframework.serialization.Revision;

/** A condition no longer applies; it no longer needs clearance for new sessions. */
@Revision("1")
public record ConditionResolved(String clientId, String conditionId, String note) implements ClientEvent {
}
