package com.precautionfirst.api.events;

import org.axonframework.serialization.Revision;

/** The client's insurer and whether the client consents to share records with that insurer. */
@Revision("1")
public record InsuranceRecorded(String clientId, String insurerId, String policyNumber, boolean consentToShare) implements ClientEvent {
}
