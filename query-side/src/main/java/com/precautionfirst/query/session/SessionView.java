package com.precautionfirst.query.history;

import com.precautionfirst.api.events.EntryAmended;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.events.SessionStoppedEarly;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.SessionStatus;
import com.precautionfirst.query.assessment.PrecautionAssessment;
import com.precautionfirst.query.assessment.PrecautionAssessor;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One treatment session: what the client record decided when it started it (restrictions, clearance), its
 * timeline, and the precaution assessment derived from that timeline after every event.
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
    @Schema(nullable = true) public ClientHistoryView.Clearance clearanceAtStart;
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

    SessionView(RecordedEvent event, SessionStarted started, ClientHistoryView.Clearance clearanceAtStart) {
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
        assessment = PrecautionAssessor.assess(this);
    }

    /** @return false when the event was already folded (a redelivery), true when it changed the session */
    boolean apply(RecordedEvent event) {
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
        assessment = PrecautionAssessor.assess(this);
        return true;
    }
}
