package com.precautionfirst.api.vocabulary;

/** How an ended session went: as planned, or the plan changed during it. */
public enum SessionOutcome {
    COMPLETED, MODIFIED
}
