package com.precautionfirst.command.precaution;

import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.RuleViolation;
import java.util.List;

/**
 * The verdict on a planned session: every broken rule (empty when it may start), the clearance that allows it
 * (null when no open condition requires one), every clearance whose restrictions apply, and their combination.
 */
public record SessionStartDecision(List<RuleViolation> violations, String clearanceId,
                                   List<String> coveringClearanceIds, Restrictions restrictions) {

    public SessionStartDecision {
        violations = List.copyOf(violations);
        coveringClearanceIds = List.copyOf(coveringClearanceIds);
    }

    public boolean allowed() {
        return violations.isEmpty();
    }
}
