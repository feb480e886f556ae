package com.precautionfirst.api.events;

import com.precautionfirst.api.vocabulary.BodyArea;

import org.axonframework.serialization.Revision;

/** How the client responded on an area: sensitivity 0..10 and whether pain radiates (e.g. down the leg). */
@Revision("1")
public record ClientResponseRecorded(String sessionId, String clientId, BodyArea area, int sensitivity, boolean radiatingPain, String note) implements ClientEvent {
}
