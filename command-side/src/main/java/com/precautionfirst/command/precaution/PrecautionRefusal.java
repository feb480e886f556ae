package com.precautionfirst.command.precaution;

import com.precautionfirst.api.vocabulary.RuleViolation;
import java.util.List;

/**
 * The answer to a command that a precaution stopped. Returned, not thrown: a thrown exception would roll back the
 * {@code PrecautionBlocked} event that must stay on the stream.
 */
public record PrecautionRefusal(List<RuleViolation> violations) {

    public PrecautionRefusal {
        violations = List.copyOf(violations);
    }
}
