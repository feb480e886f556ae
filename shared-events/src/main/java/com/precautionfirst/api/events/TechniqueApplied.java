package com.precautionfirst.api.events;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Technique;

import org.axonframework.serialization.Revision;

/** The therapist applied a technique to an area. */
@Revision("1")
public record TechniqueApplied(String sessionId, String clientId, BodyArea area, Technique technique) implements ClientEvent {
}
