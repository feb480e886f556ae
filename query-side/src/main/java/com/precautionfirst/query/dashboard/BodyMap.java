package com.precautionfirst.query.dashboard;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Restrictions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The body map of the client page: a figure seen from behind with DOMAIN.md's body areas drawn on it (SVG paths in
 * a 380 x 440 view box), each marked excluded or with its maximum pressure as the restrictions in force say, and
 * labelled in a column beside the figure with a leader line, so that the text stays readable on a tablet whatever
 * the size of the area. The geometry is here rather than in the template so that every area is drawn by one loop
 * and none can be forgotten: an area without a shape fails at startup.
 */
public record BodyMap(List<Region> regions) {

    /**
     * One area: its shapes, where its leader line starts, and what the restrictions say of it. {@code uncleared}: a
     * condition needing clearance has none in force, so no area may be treated at all, whatever the restrictions of
     * an earlier clearance said; the map must never read "no limit" then.
     */
    public record Region(BodyArea area, String label, List<String> shapes, int anchorX, int anchorY, int labelY,
                         boolean excluded, Integer maxPressure, boolean uncleared) {

        /** What the label says after the area's name. */
        public String restriction() {
            return uncleared ? "not until cleared" : excluded ? "excluded"
                    : maxPressure == null ? "no limit" : "max pressure " + maxPressure;
        }

        public String cssClass() {
            return uncleared ? "uncleared" : excluded ? "excluded" : maxPressure == null ? "free" : "limited";
        }
    }

    private record Shape(BodyArea area, int anchorX, int anchorY, int labelY, String... paths) {
    }

    /** Drawn in this order: the piriformis over the buttocks. */
    private static final List<Shape> SHAPES = List.of(
            new Shape(BodyArea.NECK_SHOULDERS, 130, 72, 40, "M88 52 L112 52 L118 66 L165 78 L165 96 L35 96 L35 78 L82 66 Z"),
            new Shape(BodyArea.UPPER_BACK, 135, 125, 92, "M52 96 L148 96 L144 156 L56 156 Z"),
            new Shape(BodyArea.LOWER_BACK, 135, 178, 144, "M56 156 L144 156 L142 200 L58 200 Z"),
            new Shape(BodyArea.SACRUM_EDGE, 104, 212, 196, "M88 200 L112 200 L100 232 Z"),
            new Shape(BodyArea.BUTTOCKS, 132, 240, 300, "M58 200 L88 200 L100 232 L98 252 L56 252 Z",
                    "M142 200 L112 200 L100 232 L102 252 L144 252 Z"),
            new Shape(BodyArea.PIRIFORMIS, 130, 222, 248, "M64 222 a11 6 0 1 0 22 0 a11 6 0 1 0 -22 0 Z",
                    "M114 222 a11 6 0 1 0 22 0 a11 6 0 1 0 -22 0 Z"),
            new Shape(BodyArea.POSTERIOR_THIGH, 130, 300, 352, "M57 252 L98 252 L94 340 L62 340 Z",
                    "M102 252 L143 252 L138 340 L106 340 Z"),
            new Shape(BodyArea.LOWER_LEG, 130, 385, 404, "M63 344 L93 344 L90 425 L68 425 Z",
                    "M107 344 L137 344 L132 425 L110 425 Z"));

    static {
        if (SHAPES.size() != BodyArea.values().length
                || !SHAPES.stream().map(Shape::area).toList().containsAll(Arrays.asList(BodyArea.values()))) {
            throw new IllegalStateException("the body map draws every body area once");
        }
    }

    /** The map of the restrictions in force; {@code cleared} false when a condition needing clearance has none. */
    public static BodyMap of(Restrictions restrictions, boolean cleared) {
        return new BodyMap(SHAPES.stream().map(shape -> new Region(shape.area(), label(shape.area()),
                List.of(shape.paths()), shape.anchorX(), shape.anchorY(), shape.labelY(),
                restrictions.excludedAreas().contains(shape.area()), restrictions.maxPressure().get(shape.area()),
                !cleared)).toList());
    }

    /** LOWER_BACK as people read it: "Lower back". */
    public static String label(BodyArea area) {
        String words = area.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
