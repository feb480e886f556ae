package com.precautionfirst.api.vocabulary;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a clearance forbids: areas not to be worked, a maximum pressure per area, techniques not allowed.
 * Collections are copied into sorted, unmodifiable form so that equal restrictions serialize identically.
 */
public record Restrictions(Set<BodyArea> excludedAreas, Map<BodyArea, Integer> maxPressure,
                           Set<Technique> prohibitedTechniques) {

    public static final Restrictions NONE = new Restrictions(Set.of(), Map.of(), Set.of());

    public Restrictions {
        excludedAreas = excludedAreas == null || excludedAreas.isEmpty()
                ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(excludedAreas));
        maxPressure = maxPressure == null || maxPressure.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(maxPressure));
        prohibitedTechniques = prohibitedTechniques == null || prohibitedTechniques.isEmpty()
                ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(prohibitedTechniques));
    }

    /** The strictest combination of two sets of restrictions: union of exclusions and prohibitions, lowest limit. */
    public Restrictions combine(Restrictions other) {
        Set<BodyArea> excluded = EnumSet.noneOf(BodyArea.class);
        excluded.addAll(excludedAreas);
        excluded.addAll(other.excludedAreas);
        Map<BodyArea, Integer> limits = new EnumMap<>(BodyArea.class);
        limits.putAll(maxPressure);
        other.maxPressure.forEach((area, level) -> limits.merge(area, level, Math::min));
        Set<Technique> prohibited = EnumSet.noneOf(Technique.class);
        prohibited.addAll(prohibitedTechniques);
        prohibited.addAll(other.prohibitedTechniques);
        return new Restrictions(excluded, limits, prohibited);
    }
}
