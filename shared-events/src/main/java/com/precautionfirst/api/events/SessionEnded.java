package com.precautionfirst.api.events;

import com.precautionfirst.api.vocabulary.SessionOutcome;

import org.axonframework.serialization.Revision;

/** The session ended as planned (COMPLETED) or with a changed plan (MODIFIED). */
@Revision("1")
public record SessionEnded(String sessionId, String clientId, SessionOutcome outcome, String notes) implements ClientEvent {
}
