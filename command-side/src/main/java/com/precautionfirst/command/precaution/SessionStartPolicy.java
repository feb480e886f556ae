package com.precautionfirst.command.precaution;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.RuleViolation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * May a session start? Every open condition that requires clearance must be covered by a clearance that is valid
 * on the session date and not revoked, and no planned area may be excluded by a clearance that applies. A
 * clearance applies when it is valid and covers any open condition: a professional's restriction holds even for
 * a condition that would not have needed the clearance.
 */
public final class SessionStartPolicy {

    private SessionStartPolicy() {
    }

    /** {@code clearances} in the order they were recorded: the latest word on a condition is the most telling. */
    public static SessionStartDecision decide(List<OpenCondition> openConditions, List<ClearanceOnFile> clearances,
                                              LocalDate sessionDate, List<BodyArea> plannedAreas) {
        List<RuleViolation> violations = new ArrayList<>();
        String allowingClearance = null;
        for (OpenCondition condition : openConditions) {
            if (!condition.requiresClearance()) {
                continue;
            }
            List<ClearanceOnFile> covering = clearances.stream().filter(c -> c.covers(condition.conditionId())).toList();
            var valid = covering.stream().filter(c -> c.isValidOn(sessionDate)).findFirst();
            if (valid.isPresent()) {
                allowingClearance = allowingClearance == null ? valid.get().clearanceId() : allowingClearance;
            } else {
                violations.add(uncovered(condition, covering, sessionDate));
            }
        }
        List<ClearanceOnFile> applicable = clearances.stream()
                .filter(c -> c.isValidOn(sessionDate))
                .filter(c -> openConditions.stream().anyMatch(o -> c.covers(o.conditionId())))
                .toList();
        Restrictions restrictions = applicable.stream().map(ClearanceOnFile::restrictions)
                .reduce(Restrictions.NONE, Restrictions::combine);
        for (BodyArea area : plannedAreas.stream().distinct().toList()) {
            if (restrictions.excludedAreas().contains(area)) {
                violations.add(new RuleViolation(PrecautionRule.AREA_EXCLUDED,
                        "The clearance excludes " + area + " from treatment."));
            }
        }
        return new SessionStartDecision(violations, allowingClearance,
                applicable.stream().map(ClearanceOnFile::clearanceId).toList(), restrictions);
    }

    private static RuleViolation uncovered(OpenCondition condition, List<ClearanceOnFile> covering, LocalDate date) {
        String what = "Condition " + condition.conditionId() + " (" + condition.icd10Code() + ")";
        if (covering.isEmpty()) {
            return new RuleViolation(PrecautionRule.CLEARANCE_MISSING,
                    what + " requires a professional's clearance and has none.");
        }
        ClearanceOnFile latest = covering.get(covering.size() - 1);
        if (latest.revoked()) {
            return new RuleViolation(PrecautionRule.CLEARANCE_REVOKED,
                    what + ": its clearance " + latest.clearanceId() + " was revoked.");
        }
        if (date.isAfter(latest.validUntil())) {
            return new RuleViolation(PrecautionRule.CLEARANCE_EXPIRED,
                    what + ": its clearance " + latest.clearanceId() + " expired on " + latest.validUntil() + ".");
        }
        return new RuleViolation(PrecautionRule.CLEARANCE_MISSING,
                what + ": its clearance " + latest.clearanceId() + " is valid only from " + latest.issuedOn() + ".");
    }
}
