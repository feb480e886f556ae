package com.precautionfirst.command.client;

/** The answer to an accepted {@code StartSession}: the new session and the clearance that allowed it. */
public record SessionStartResult(String sessionId, String clearanceId) {
}
