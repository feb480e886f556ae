package com.precautionfirst.api.vocabulary;

/** The rules whose breach makes the system refuse a command and record a PrecautionBlocked event. */
public enum PrecautionRule {
    CLEARANCE_MISSING, CLEARANCE_EXPIRED, CLEARANCE_REVOKED, AREA_EXCLUDED, PRESSURE_ABOVE_LIMIT,
    TECHNIQUE_PROHIBITED, SESSION_CLOSED
}
