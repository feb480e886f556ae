package com.precautionfirst.support.access;

/** What became of a request for a client's record, as the access log says it. */
public enum Outcome {
    /** the record was answered */
    ALLOWED,
    /** refused by role or by object (403) */
    REFUSED,
    /** no such client or session, or no record at the instant asked for (404) */
    NOT_FOUND
}
