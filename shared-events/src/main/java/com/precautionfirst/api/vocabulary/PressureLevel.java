package com.precautionfirst.api.vocabulary;

/** Pressure levels are integers 1 (light) .. 5 (deep); DOMAIN.md calls 1 and 2 light. */
public final class PressureLevel {
    public static final int MIN = 1;
    public static final int MAX = 5;
    public static final int LIGHT_MAX = 2;

    private PressureLevel() {
    }

    public static boolean isValid(int level) {
        return level >= MIN && level <= MAX;
    }
}
