package com.precautionfirst.api.vocabulary;

public enum SessionStatus {
    OPEN, ENDED, STOPPED_EARLY
}
