package com.precautionfirst.api.vocabulary;

public enum Role {
    CLINIC_ADMIN, THERAPIST, AUDITOR, INSURER
}
