package com.precautionfirst.api.events;

import org.axonframework.serialization.Revision;

/** A clearance no longer holds; open sessions relying on it are stopped. */
@Revision("1")
public record ClearanceRevoked(String clientId, String clearanceId, String reason) implements ClientEvent {
}
