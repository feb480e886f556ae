package com.precautionfirst.api.events;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PressureReason;

import org.axonframework.serialization.Revision;

/** The therapist set the pressure on an area. */
@Revision("1")
public record PressureAdjusted(String sessionId, String clientId, BodyArea area, int level, PressureReason reason) implements ClientEvent {
}
