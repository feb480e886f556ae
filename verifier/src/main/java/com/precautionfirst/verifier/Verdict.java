package com.precautionfirst.verifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a verification: valid exactly when no problem was found. JSON:
 * {@code {"valid": true|false, "problems": [{"where": "...", "what": "..."}]}}.
 */
public record Verdict(boolean valid, List<Problem> problems) {

    public Verdict {
        problems = List.copyOf(problems);
        if (valid != problems.isEmpty()) {
            throw new IllegalArgumentException("a verdict is valid exactly when it has no problems");
        }
    }

    /** The verdict with these problems: valid if there are none. */
    public static Verdict of(List<Problem> problems) {
        return new Verdict(problems.isEmpty(), problems);
    }

    /** The verdict without problems. */
    public static Verdict ok() {
        return new Verdict(true, List.of());
    }

    /** The problems of both verdicts, this one's first. */
    public Verdict and(Verdict other) {
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(other.problems);
        return of(all);
    }
}
