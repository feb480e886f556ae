package com.precautionfirst.api.events;

import org.axonframework.serialization.Revision;

/** A correction of an earlier entry of the session stream; the original event is never changed. */
@Revision("1")
public record EntryAmended(String sessionId, String clientId, long entrySequence, String correction, String reason) implements ClientEvent {
}
