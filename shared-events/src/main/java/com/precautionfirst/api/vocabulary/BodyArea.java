package com.precautionfirst.api.vocabulary;

/** Body areas a therapist works, as named in DOMAIN.md. */
public enum BodyArea {
    LOWER_BACK, BUTTOCKS, PIRIFORMIS, SACRUM_EDGE, POSTERIOR_THIGH, LOWER_LEG, UPPER_BACK, NECK_SHOULDERS
}
