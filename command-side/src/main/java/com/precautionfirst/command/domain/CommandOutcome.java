package com.precautionfirst.command.domain;

import com.precautionfirst.api.vocabulary.RuleViolation;
import java.util.List;

/**
 * What an aggregate decided about a command that it did not reject as bad input or as not permitted: accepted
 * (with a result for the caller, or none), or refused by a precaution, in which case exactly one
 * {@code PrecautionBlocked} was applied and nothing else.
 */
public sealed interface CommandOutcome {

    static CommandOutcome accepted() {
        return new Accepted(null);
    }

    static CommandOutcome accepted(Object result) {
        return new Accepted(result);
    }

    /** @param result what the caller is told beyond success (e.g. the clearance a session started under); may be null */
    record Accepted(Object result) implements CommandOutcome {
    }

    /** @param violations every broken rule, never empty */
    record Refused(List<RuleViolation> violations) implements CommandOutcome {
        public Refused {
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("a refusal names at least one broken rule");
            }
            violations = List.copyOf(violations);
        }
    }
}
