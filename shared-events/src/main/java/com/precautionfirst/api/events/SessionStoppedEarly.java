package com.precautionfirst.api.events;

import com.precautionfirst.api.vocabulary.StopCause;

import org.axonframework.serialization.Revision;

/** The session stopped before its end, by the therapist or because its clearance was revoked ({@code clearanceId} then names it). */
@Revision("1")
public record SessionStoppedEarly(String sessionId, String clientId, StopCause cause, String reason, String clearanceId) implements ClientEvent {
}
