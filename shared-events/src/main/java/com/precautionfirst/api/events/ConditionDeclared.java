package com.precautionfirst.api.events;

import org.axonframework.serialization.Revision;

/** A condition was declared. {@code requiresClearance} is the effective value: the spine/nerve ICD-10 families always require clearance, whatever {@code requiresClearanceDeclared} said. */
@Revision("1")
public record ConditionDeclared(String clientId, String conditionId, String icd10Code, String description, boolean requiresClearanceDeclared, boolean requiresClearance, String region) implements ClientEvent {
}
