package com.precautionfirst.query.dashboard;

import com.precautionfirst.query.recorded.TimelineEntry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One entry of a session's timeline as the session page lists it: what happened in a sentence, and the kind that
 * colours it (a refusal, a response with radiating pain, a correction shown beside the entry it corrects).
 */
public record TimelineRow(TimelineEntry entry, String what, String kind) {

    public static TimelineRow of(TimelineEntry entry) {
        return new TimelineRow(entry, what(entry), kind(entry));
    }

    public List<TimelineEntry.Amendment> amendments() {
        return entry.amendments == null ? List.of() : entry.amendments;
    }

    private static String kind(TimelineEntry entry) {
        return switch (entry.type) {
            case "PrecautionBlocked" -> "refusal";
            case "ClientResponseRecorded" -> Boolean.TRUE.equals(entry.radiatingPain) ? "radiating" : "response";
            case "EntryAmended" -> "correction";
            default -> "entry";
        };
    }

    private static String what(TimelineEntry e) {
        return switch (e.type) {
            case "SessionStarted" -> "Session started; planned: " + (e.plannedAreas == null ? "-"
                    : e.plannedAreas.stream().map(BodyMap::label).collect(Collectors.joining(", ")))
                    + (e.clearanceId == null ? "" : "; under clearance " + e.clearanceId);
            case "PressureAdjusted" -> "Pressure on " + BodyMap.label(e.area) + " to " + e.level
                    + (e.reason == null ? "" : " (" + Show.INSTANCE.words(e.reason) + ")");
            case "TechniqueApplied" -> "Technique " + Show.INSTANCE.words(e.technique) + " on " + BodyMap.label(e.area);
            case "ClientResponseRecorded" -> "Client response on " + BodyMap.label(e.area) + ": sensitivity "
                    + e.sensitivity + (Boolean.TRUE.equals(e.radiatingPain) ? ", radiating pain" : "")
                    + (e.note == null ? "" : ": " + e.note);
            case "PrecautionBlocked" -> "Refused " + e.attemptedCommand + " " + (e.attemptedValues == null ? ""
                    : e.attemptedValues) + ": " + (e.violations == null ? "" : e.violations.stream()
                    .map(v -> v.rule() + " (" + v.message() + ")").collect(Collectors.joining("; ")));
            case "SessionEnded" -> "Session ended: " + Show.INSTANCE.words(e.outcome)
                    + (e.notes == null ? "" : ": " + e.notes);
            case "SessionStoppedEarly" -> "Session stopped early: " + Show.INSTANCE.words(e.cause)
                    + (e.reason == null ? "" : ": " + e.reason);
            case "EntryAmended" -> "Correction of entry #" + e.entrySequence + " (shown beside it): " + e.correction;
            default -> e.type;
        };
    }
}
