package com.precautionfirst.command.precaution;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.RuleViolation;
import com.precautionfirst.api.vocabulary.Technique;
import java.util.ArrayList;
import java.util.List;

/** The rules for what a therapist does during a session, against the session's effective restrictions. */
public final class SessionActionPolicy {

    private SessionActionPolicy() {
    }

    public static List<RuleViolation> adjustPressure(boolean open, Restrictions restrictions, BodyArea area, int level) {
        List<RuleViolation> violations = onArea(open, restrictions, area);
        Integer limit = restrictions.maxPressure().get(area);
        if (limit != null && level > limit) {
            violations.add(new RuleViolation(PrecautionRule.PRESSURE_ABOVE_LIMIT,
                    "Pressure " + level + " on " + area + " is above the cleared maximum of " + limit + "."));
        }
        return violations;
    }

    public static List<RuleViolation> applyTechnique(boolean open, Restrictions restrictions, BodyArea area,
                                                     Technique technique) {
        List<RuleViolation> violations = onArea(open, restrictions, area);
        if (restrictions.prohibitedTechniques().contains(technique)) {
            violations.add(new RuleViolation(PrecautionRule.TECHNIQUE_PROHIBITED,
                    "The clearance prohibits " + technique + "."));
        }
        return violations;
    }

    /** Commands that only need the session to be open (responses, ending, stopping). */
    public static List<RuleViolation> requireOpen(boolean open) {
        List<RuleViolation> violations = new ArrayList<>();
        if (!open) {
            violations.add(new RuleViolation(PrecautionRule.SESSION_CLOSED, "The session has already closed."));
        }
        return violations;
    }

    private static List<RuleViolation> onArea(boolean open, Restrictions restrictions, BodyArea area) {
        List<RuleViolation> violations = requireOpen(open);
        if (restrictions.excludedAreas().contains(area)) {
            violations.add(new RuleViolation(PrecautionRule.AREA_EXCLUDED,
                    "The clearance excludes " + area + " from treatment."));
        }
        return violations;
    }
}
