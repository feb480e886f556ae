package com.precautionfirst.api.events;

import org.axonframework.serialization.Revision;

/** A therapist may now read and write this client's record and run sessions for the client. */
@Revision("1")
public record TherapistAssigned(String clientId, String therapistId) implements ClientEvent {
}
