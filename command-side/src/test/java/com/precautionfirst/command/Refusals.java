package com.precautionfirst.command;

import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.RuleViolation;
import com.precautionfirst.command.domain.CommandOutcome;
import java.util.List;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matchers for refusals in Axon fixtures: exactly these rules, in this order. */
public final class Refusals {

    private Refusals() {
    }

    /** The handler's answer: a refusal naming exactly {@code rules}. */
    public static Matcher<Object> refusal(PrecautionRule... rules) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof CommandOutcome.Refused r && rulesOf(r.violations()).equals(List.of(rules));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a refusal with rules " + List.of(rules));
            }
        };
    }

    /** The events: exactly one PrecautionBlocked naming exactly {@code rules}, nothing else. */
    public static Matcher<List<org.axonframework.messaging.Message<?>>> onlyBlocked(
            PrecautionRule... rules) {
        return Matchers.payloadsMatching(Matchers.exactSequenceOf(blocked(rules), Matchers.andNoMore()));
    }

    public static Matcher<Object> blocked(PrecautionRule... rules) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof PrecautionBlocked b && rulesOf(b.violations()).equals(List.of(rules));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a PrecautionBlocked with rules " + List.of(rules));
            }
        };
    }

    private static List<PrecautionRule> rulesOf(List<RuleViolation> violations) {
        return violations.stream().map(RuleViolation::rule).toList();
    }
}
