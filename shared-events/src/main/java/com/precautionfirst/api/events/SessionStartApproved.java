package com.precautionfirst.api.events;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The client record allowed a session to start: the client-stream half of a start, committed with the session's
 * {@link SessionStarted}. Because a start now appends to the client's stream, a start and a revocation of a
 * clearance it relies on conflict in the store, so whichever commits second is decided on the state the first left
 * (docs/decisions/0033). {@code clearanceId} is the clearance that allowed it (null when none was needed),
 * {@code coveringClearanceIds} every clearance the session relies on.
 */
@Revision("1")
public record SessionStartApproved(String clientId, String sessionId, String therapistId, Instant startedAt,
                                   String clearanceId, List<String> coveringClearanceIds) implements ClientEvent {
}
