package com.precautionfirst.query.session;

import com.precautionfirst.api.events.EntryAmended;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.events.SessionStoppedEarly;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.SessionStatus;
import com.precautionfirst.query.assessment.AssessedSession;
import com.precautionfirst.query.assessment.PrecautionAssessment;
import com.precautionfirst.query.assessment.PrecautionAssessor;
import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.recorded.Clearance;
import com.precautionfirst.query.recorded.RecordedEvent;
import com.precautionfirst.query.recorded.TimelineEntry;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One treatment session (table {@code session_view}): what the client record decided when it started it
 * (restrictions, clearance), its timeline, and its precaution assessment. The fold of the session's stream builds
 * the timeline; the assessment is judged on the whole timeline when the document is written
 * ({@link #assessedDocument}), once per processor batch, not by the fold after every event.
 */
public class SessionView {

    public String sessionId;
    public String clientId;
    public String therapistId;
    public List<BodyArea> plannedAreas;
    public Instant startedAt;
    /** Null when no condition needed a clearance. */
    @Schema(nullable = true) public String clearanceId;
    public List<String> coveringClearanceIds;
    /** The effective restrictions as the client record decided them at the start (SessionStarted). */
    public Restrictions restrictions;
    /** The clearance named by SessionStarted as the client record held it at that moment. */
    @Schema(nullable = true) public Clearance clearanceAtStart;
    public SessionStatus status;
    /** Set when the session ended (not when it was stopped early). */
    @Schema(nullable = true) public String outcome;
    @Schema(nullable = true) public Instant closedAt;
    /** The last accepted pressure on each area worked. */
    public Map<BodyArea, Integer> pressureByArea = new EnumMap<>(BodyArea.class);
    public List<TimelineEntry> timeline = new ArrayList<>();
    public PrecautionAssessment assessment;

    public SessionView() {
        // for Jackson
    }

    /** @param clearanceAtStart the clearance SessionStarted names, copied from the client record; null if unknown */
    public SessionView(RecordedEvent event, SessionStarted started, Clearance clearanceAtStart) {
        sessionId = started.sessionId();
        clientId = started.clientId();
        therapistId = started.therapistId();
        plannedAreas = started.plannedAreas();
        startedAt = started.startedAt() == null ? event.at() : started.startedAt();
        clearanceId = started.clearanceId();
        coveringClearanceIds = started.coveringClearanceIds();
        restrictions = started.restrictions() == null ? Restrictions.NONE : started.restrictions();
        this.clearanceAtStart = clearanceAtStart;
        status = SessionStatus.OPEN;
        timeline.add(TimelineEntry.of(event));
    }

    /**
     * Folds one later event of the session's stream.
     *
     * @return false when the event was already folded (a redelivery), true when it changed the session
     */
    public boolean apply(RecordedEvent event) {
        if (!timeline.isEmpty() && timeline.get(timeline.size() - 1).sequence >= event.sequence()) {
            return false;
        }
        Object payload = event.payload();
        if (payload instanceof SessionEnded ended) {
            status = SessionStatus.ENDED;
            outcome = ended.outcome() == null ? null : ended.outcome().name();
            closedAt = event.at();
        } else if (payload instanceof SessionStoppedEarly) {
            status = SessionStatus.STOPPED_EARLY;
            closedAt = event.at();
        } else if (payload instanceof PressureAdjusted pressure) {
            pressureByArea.put(pressure.area(), pressure.level());
        } else if (payload instanceof EntryAmended amended) {
            timeline.stream().filter(e -> e.sequence == amended.entrySequence()).findFirst()
                    .ifPresent(e -> e.amend(event, amended));
        }
        timeline.add(TimelineEntry.of(event));
        return true;
    }

    /** Judges the session as it now stands and keeps the result in {@link #assessment}. */
    public PrecautionAssessment assess() {
        assessment = PrecautionAssessor.assess(new AssessedSession(sessionId, clientId, status, startedAt,
                clearanceId, clearanceAtStart, restrictions, timeline));
        return assessment;
    }

    /**
     * The stored and answered form: assessed, then written. The live projection and the as-of reconstruction both
     * write sessions through here, so their answers are equal byte for byte by construction (decision 0020).
     */
    public byte[] assessedDocument() {
        assess();
        return Documents.write(this);
    }
}
