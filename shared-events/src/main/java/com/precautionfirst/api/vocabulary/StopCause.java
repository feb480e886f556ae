package com.precautionfirst.api.vocabulary;

/** Why a session stopped before its end: the therapist decided, or the clearance it relied on was revoked. */
public enum StopCause {
    THERAPIST_DECISION, CLEARANCE_REVOKED
}
