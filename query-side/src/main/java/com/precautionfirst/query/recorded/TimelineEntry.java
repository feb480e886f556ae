package com.precautionfirst.query.recorded;

import com.precautionfirst.api.events.ClientResponseRecorded;
import com.precautionfirst.api.events.EntryAmended;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.events.SessionStoppedEarly;
import com.precautionfirst.api.events.TechniqueApplied;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.RuleViolation;
import com.precautionfirst.api.vocabulary.Technique;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event of a session's timeline (or a refusal on the client stream). Only the fields of its type are set, the
 * others are null (or left out); corrections made later ({@code EntryAmended}) are listed beside the entry they
 * correct.
 */
public class TimelineEntry extends RecordedEntry {

    @Schema(nullable = true) public BodyArea area;
    @Schema(nullable = true) public Integer level;
    @Schema(nullable = true) public String reason;
    @Schema(nullable = true) public Technique technique;
    @Schema(nullable = true) public Integer sensitivity;
    @Schema(nullable = true) public Boolean radiatingPain;
    @Schema(nullable = true) public String note;
    @Schema(nullable = true) public List<BodyArea> plannedAreas;
    @Schema(nullable = true) public String outcome;
    @Schema(nullable = true) public String notes;
    @Schema(nullable = true) public String cause;
    @Schema(nullable = true) public String clearanceId;
    @Schema(nullable = true) public String attemptedCommand;
    @Schema(nullable = true) public Map<String, String> attemptedValues;
    @Schema(nullable = true) public List<RuleViolation> violations;
    @Schema(nullable = true) public Long entrySequence;
    @Schema(nullable = true) public String correction;
    @Schema(nullable = true) public List<Amendment> amendments;

    public static TimelineEntry of(RecordedEvent event) {
        TimelineEntry entry = new TimelineEntry();
        entry.stamp(event);
        Object payload = event.payload();
        if (payload instanceof SessionStarted started) {
            entry.plannedAreas = started.plannedAreas();
            entry.clearanceId = started.clearanceId();
        } else if (payload instanceof PressureAdjusted pressure) {
            entry.area = pressure.area();
            entry.level = pressure.level();
            entry.reason = pressure.reason() == null ? null : pressure.reason().name();
        } else if (payload instanceof TechniqueApplied technique) {
            entry.area = technique.area();
            entry.technique = technique.technique();
        } else if (payload instanceof ClientResponseRecorded response) {
            entry.area = response.area();
            entry.sensitivity = response.sensitivity();
            entry.radiatingPain = response.radiatingPain();
            entry.note = response.note();
        } else if (payload instanceof SessionEnded ended) {
            entry.outcome = ended.outcome() == null ? null : ended.outcome().name();
            entry.notes = ended.notes();
        } else if (payload instanceof SessionStoppedEarly stopped) {
            entry.cause = stopped.cause() == null ? null : stopped.cause().name();
            entry.reason = stopped.reason();
            entry.clearanceId = stopped.clearanceId();
        } else if (payload instanceof PrecautionBlocked blocked) {
            entry.attemptedCommand = blocked.attemptedCommand();
            entry.attemptedValues = blocked.attemptedValues() == null ? null : new TreeMap<>(blocked.attemptedValues());
            entry.violations = blocked.violations();
            if (entry.by == null) {
                entry.by = blocked.attemptedBy();
                entry.role = blocked.role() == null ? null : blocked.role().name();
            }
        } else if (payload instanceof EntryAmended amended) {
            entry.entrySequence = amended.entrySequence();
            entry.correction = amended.correction();
            entry.reason = amended.reason();
        }
        return entry;
    }

    public boolean is(Class<?> eventType) {
        return eventType.getSimpleName().equals(type);
    }

    public void amend(RecordedEvent event, EntryAmended amended) {
        if (amendments == null) {
            amendments = new ArrayList<>();
        }
        amendments.add(new Amendment(event, amended));
    }

    /** A correction of this entry, made later by its own event (never by changing this one). */
    public static class Amendment extends RecordedEntry {
        public String correction;
        public String reason;

        public Amendment() {
        }

        Amendment(RecordedEvent event, EntryAmended amended) {
            stamp(event);
            correction = amended.correction();
            reason = amended.reason();
        }
    }
}
