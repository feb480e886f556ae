package com.precautionfirst.api.vocabulary;

/** One broken precaution rule and a sentence a therapist or auditor can read. */
public record RuleViolation(PrecautionRule rule, String message) {
}
