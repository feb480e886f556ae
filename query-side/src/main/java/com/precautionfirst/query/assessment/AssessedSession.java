package com.precautionfirst.query.assessment;

import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.SessionStatus;
import com.precautionfirst.query.recorded.Clearance;
import com.precautionfirst.query.recorded.TimelineEntry;
import java.time.Instant;
import java.util.List;

/**
 * What the assessment of one session is judged on: what the client record decided at the start (clearance,
 * restrictions) and the session's timeline. Its own type, so that the session's document can hold an assessment
 * without the assessor depending on that document (no cycle between the packages).
 *
 * @param clearanceId       the clearance SessionStarted names; null when no condition needed one
 * @param clearanceAtStart  that clearance as the client record held it at the start; null when it was not on it
 * @param restrictions      the effective restrictions SessionStarted carried
 */
public record AssessedSession(String sessionId, String clientId, SessionStatus status, Instant startedAt,
                              String clearanceId, Clearance clearanceAtStart, Restrictions restrictions,
                              List<TimelineEntry> timeline) {
}
