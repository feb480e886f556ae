package com.precautionfirst.query.assessment;

import com.precautionfirst.api.events.ClientResponseRecorded;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.events.TechniqueApplied;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PressureLevel;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.SessionStatus;
import com.precautionfirst.api.vocabulary.RuleViolation;
import com.precautionfirst.query.assessment.PrecautionAssessment.Check;
import com.precautionfirst.query.assessment.PrecautionAssessment.CheckName;
import com.precautionfirst.query.assessment.PrecautionAssessment.Evidence;
import com.precautionfirst.query.assessment.PrecautionAssessment.Overall;
import com.precautionfirst.query.assessment.PrecautionAssessment.Status;
import com.precautionfirst.query.recorded.Clearance;
import com.precautionfirst.query.recorded.TimelineEntry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Derives the DOMAIN.md precaution assessment of one session from its recorded events. It never re-decides what
 * the aggregates decided: the restrictions are those SessionStarted carried, refusals are the PrecautionBlocked
 * events the aggregates recorded; it only judges the accepted timeline against them. Amendments are free text and
 * do not change the assessment (they are shown beside the entries they correct).
 */
public final class PrecautionAssessor {

    private PrecautionAssessor() {
    }

    public static PrecautionAssessment assess(AssessedSession session) {
        List<Check> checks = List.of(cleared(session), startedLight(session), responsive(session),
                withinRestrictions(session));
        Overall overall = session.status() == SessionStatus.OPEN ? Overall.IN_PROGRESS
                : checks.stream().anyMatch(c -> c.status() == Status.FLAGGED) ? Overall.FLAGGED
                : Overall.PRECAUTIONS_MET;
        return new PrecautionAssessment(overall, checks);
    }

    /** The clearance SessionStarted names was on the record, not revoked and valid on the session's date. */
    static Check cleared(AssessedSession session) {
        Evidence start = new Evidence(session.sessionId(), 0, session.clearanceId() == null
                ? "session started with no open condition requiring clearance"
                : "session started under clearance " + session.clearanceId());
        if (session.clearanceId() == null) {
            return new Check(CheckName.CLEARED, Status.NOT_APPLICABLE, List.of(start), null);
        }
        Clearance clearance = session.clearanceAtStart();
        if (clearance == null) {
            return new Check(CheckName.CLEARED, Status.FLAGGED, List.of(new Evidence(session.sessionId(), 0,
                    "clearance " + session.clearanceId() + " is not on the client's record")), null);
        }
        LocalDate day = session.startedAt().atZone(ZoneOffset.UTC).toLocalDate();
        String problem = clearance.revocation != null ? "was revoked before the session started"
                : day.isBefore(clearance.issuedOn) ? "was not yet issued on " + day
                : day.isAfter(clearance.validUntil) ? "had expired on " + day
                : null;
        Evidence source = new Evidence(session.clientId(), clearance.sequence, "clearance " + clearance.clearanceId
                + " by " + clearance.professional.name() + " (" + clearance.professional.profession()
                + ", licence " + clearance.professional.licenseNumber() + "), damage: " + clearance.damageLocation
                + ", valid " + clearance.issuedOn + " to " + clearance.validUntil
                + (problem == null ? "" : "; " + problem));
        return new Check(CheckName.CLEARED, problem == null ? Status.MET : Status.FLAGGED, List.of(source, start),
                null);
    }

    /** The first accepted pressure on each area was light (at most 2). */
    static Check startedLight(AssessedSession session) {
        Map<BodyArea, TimelineEntry> first = new EnumMap<>(BodyArea.class);
        pressures(session).forEach(p -> first.putIfAbsent(p.area, p));
        if (first.isEmpty()) {
            return new Check(CheckName.STARTED_LIGHT, Status.NOT_APPLICABLE, List.of(), null);
        }
        List<TimelineEntry> inOrder = first.values().stream()
                .sorted((a, b) -> Long.compare(a.sequence, b.sequence)).toList();
        List<Evidence> tooFirm = inOrder.stream().filter(p -> p.level > PressureLevel.LIGHT_MAX)
                .map(p -> evidence(session, p, "first pressure on " + p.area + " was " + p.level
                        + ", above light (" + PressureLevel.LIGHT_MAX + ")"))
                .toList();
        if (!tooFirm.isEmpty()) {
            return new Check(CheckName.STARTED_LIGHT, Status.FLAGGED, tooFirm, null);
        }
        return new Check(CheckName.STARTED_LIGHT, Status.MET, inOrder.stream()
                .map(p -> evidence(session, p, "first pressure on " + p.area + " was " + p.level)).toList(), null);
    }

    /**
     * After a response with sensitivity >= 6 or radiating pain on an area, the next accepted pressure on that area
     * was lower than the pressure before the response (light, when there was none), or there was no further
     * pressure on it until the session ended or stopped. While the session is open an unanswered response does not
     * flag (the overall is IN_PROGRESS).
     */
    static Check responsive(AssessedSession session) {
        Map<BodyArea, Integer> current = new EnumMap<>(BodyArea.class);
        Map<BodyArea, List<Trigger>> waiting = new EnumMap<>(BodyArea.class);
        List<Evidence> met = new ArrayList<>();
        List<Evidence> flagged = new ArrayList<>();
        boolean anyTrigger = false;
        for (TimelineEntry entry : session.timeline()) {
            if (entry.is(ClientResponseRecorded.class) && isAlarming(entry)) {
                anyTrigger = true;
                waiting.computeIfAbsent(entry.area, a -> new ArrayList<>())
                        .add(new Trigger(entry, current.get(entry.area)));
            } else if (entry.is(PressureAdjusted.class)) {
                for (Trigger trigger : waiting.getOrDefault(entry.area, List.of())) {
                    int ceiling = trigger.before() == null ? PressureLevel.LIGHT_MAX + 1 : trigger.before();
                    if (entry.level < ceiling) {
                        met.add(evidence(session, entry, "pressure on " + entry.area + " lowered to " + entry.level
                                + " after the response at sequence " + trigger.response().sequence));
                    } else {
                        flagged.add(evidence(session, trigger.response(), describe(trigger.response())));
                        flagged.add(evidence(session, entry, "pressure on " + entry.area + " went to " + entry.level
                                + (trigger.before() == null ? "" : " (was " + trigger.before() + ")")
                                + " after the response at sequence " + trigger.response().sequence
                                + " instead of lower"));
                    }
                }
                waiting.remove(entry.area);
                current.put(entry.area, entry.level);
            }
        }
        if (session.status() != SessionStatus.OPEN) {
            TimelineEntry last = session.timeline().get(session.timeline().size() - 1);
            waiting.values().stream().flatMap(List::stream).forEach(t -> met.add(evidence(session, last,
                    "no further pressure on " + t.response().area + " after the response at sequence "
                            + t.response().sequence + " before the session closed")));
        }
        if (!anyTrigger) {
            return new Check(CheckName.RESPONSIVE, Status.NOT_APPLICABLE, List.of(), null);
        }
        return flagged.isEmpty() ? new Check(CheckName.RESPONSIVE, Status.MET, met, null)
                : new Check(CheckName.RESPONSIVE, Status.FLAGGED, flagged, null);
    }

    /**
     * No accepted pressure or technique outside the restrictions SessionStarted carried. Refused attempts
     * (PrecautionBlocked) mean the system held the line: they are counted and listed, and do not flag.
     */
    static Check withinRestrictions(AssessedSession session) {
        Restrictions restrictions = session.restrictions() == null ? Restrictions.NONE : session.restrictions();
        List<Evidence> outside = new ArrayList<>();
        List<Evidence> blocked = new ArrayList<>();
        for (TimelineEntry entry : session.timeline()) {
            if (entry.is(PressureAdjusted.class) || entry.is(TechniqueApplied.class)) {
                String breach = breach(restrictions, entry);
                if (breach != null) {
                    outside.add(evidence(session, entry, breach));
                }
            } else if (entry.is(PrecautionBlocked.class)) {
                blocked.add(evidence(session, entry, "blocked " + entry.attemptedCommand + " " + entry.attemptedValues
                        + ": " + (entry.violations == null ? "" : entry.violations.stream()
                        .map(RuleViolation::rule).map(Enum::name).collect(Collectors.joining(", ")))));
            }
        }
        List<Evidence> evidence = new ArrayList<>(outside);
        evidence.addAll(blocked);
        boolean unrestricted = restrictions.excludedAreas().isEmpty() && restrictions.maxPressure().isEmpty()
                && restrictions.prohibitedTechniques().isEmpty();
        Status status = !outside.isEmpty() ? Status.FLAGGED
                : unrestricted && blocked.isEmpty() ? Status.NOT_APPLICABLE : Status.MET;
        return new Check(CheckName.WITHIN_RESTRICTIONS, status, evidence, blocked.size());
    }

    private static String breach(Restrictions restrictions, TimelineEntry entry) {
        if (restrictions.excludedAreas().contains(entry.area)) {
            return entry.type + " on excluded area " + entry.area;
        }
        if (entry.level != null && restrictions.maxPressure().containsKey(entry.area)
                && entry.level > restrictions.maxPressure().get(entry.area)) {
            return "pressure " + entry.level + " on " + entry.area + " above the limit "
                    + restrictions.maxPressure().get(entry.area);
        }
        if (entry.technique != null && restrictions.prohibitedTechniques().contains(entry.technique)) {
            return "prohibited technique " + entry.technique + " on " + entry.area;
        }
        return null;
    }

    private static boolean isAlarming(TimelineEntry response) {
        return response.sensitivity >= 6 || Boolean.TRUE.equals(response.radiatingPain);
    }

    private static String describe(TimelineEntry response) {
        return "client response on " + response.area + ": sensitivity " + response.sensitivity
                + (Boolean.TRUE.equals(response.radiatingPain) ? ", radiating pain" : "");
    }

    private static List<TimelineEntry> pressures(AssessedSession session) {
        return session.timeline().stream().filter(e -> e.is(PressureAdjusted.class)).toList();
    }

    private static Evidence evidence(AssessedSession session, TimelineEntry entry, String detail) {
        return new Evidence(session.sessionId(), entry.sequence, detail);
    }

    private record Trigger(TimelineEntry response, Integer before) {
    }
}
