package com.precautionfirst.command.precaution;

import java.util.Map;
import java.util.TreeMap;

/** The values of a refused command as a sorted map of strings, as {@code PrecautionBlocked} records them. */
public final class AttemptedValues {

    private AttemptedValues() {
    }

    /** {@code namesAndValues} alternates name, value; null values are left out. */
    public static Map<String, String> of(Object... namesAndValues) {
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                values.put(String.valueOf(namesAndValues[i]), String.valueOf(namesAndValues[i + 1]));
            }
        }
        return values;
    }
}
