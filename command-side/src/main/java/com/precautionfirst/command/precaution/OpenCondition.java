package com.precautionfirst.command.precaution;

/** An open (unresolved) condition of a client, with its effective clearance requirement. */
public record OpenCondition(String conditionId, String icd10Code, boolean requiresClearance) {
}
