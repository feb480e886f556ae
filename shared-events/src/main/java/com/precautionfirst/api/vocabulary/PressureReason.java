package com.precautionfirst.api.vocabulary;

public enum PressureReason {
    CLIENT_SENSITIVITY, CLIENT_REQUEST, TECHNIQUE_CHANGE, THERAPIST_JUDGEMENT
}
