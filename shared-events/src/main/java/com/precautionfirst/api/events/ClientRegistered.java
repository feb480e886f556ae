package com.precautionfirst.api.events;

import java.time.LocalDate;

import org.axonframework.serialization.Revision;

/** A client's record was opened. */
@Revision("1")
public record ClientRegistered(String clientId, String name, LocalDate dateOfBirth) implements ClientEvent {
}
