package com.precautionfirst.api.events;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Restrictions;
import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/** The client record accepted a session: the first event of the session's stream. {@code clearanceId} is the clearance that allowed it (null when no open condition requires clearance); {@code coveringClearanceIds} all clearances whose restrictions apply. */
@Revision("1")
public record SessionStarted(String sessionId, String clientId, String therapistId, List<BodyArea> plannedAreas, Instant startedAt, String clearanceId, List<String> coveringClearanceIds, Restrictions restrictions) implements ClientEvent {
}
