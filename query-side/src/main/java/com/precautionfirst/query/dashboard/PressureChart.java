package com.precautionfirst.query.dashboard;

import com.precautionfirst.api.events.ClientResponseRecorded;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.query.recorded.TimelineEntry;
import com.precautionfirst.query.session.SessionView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the session page's chart draws (session.js hands it to ECharts): one line of pressure over time per area
 * worked, with the area's limit from the restrictions the session started under; the client's responses as markers
 * on the line of their area at the pressure of that moment (radiating pain flagged, so that it is highlighted); the
 * refused attempts as marks at the level that was attempted. Times in epoch milliseconds. A line goes on at its last
 * level until the session closed (or its last entry, while open), so that the level in force can be read anywhere;
 * the time axis runs from the start to that end.
 */
public record PressureChart(long start, long end, List<Line> lines, List<Marker> responses, List<Marker> refusals) {

    public record Line(BodyArea area, String label, Integer limit, List<long[]> points) {
    }

    /** A point in time on an area: a response (sensitivity 0..10) or a refused attempt (what was tried). */
    public record Marker(BodyArea area, long at, int level, String text, boolean radiatingPain) {
    }

    public static PressureChart of(SessionView session) {
        Map<BodyArea, List<long[]>> points = new EnumMap<>(BodyArea.class);
        Map<BodyArea, Integer> current = new EnumMap<>(BodyArea.class);
        List<Marker> responses = new ArrayList<>();
        List<Marker> refusals = new ArrayList<>();
        for (TimelineEntry entry : session.timeline) {
            long at = entry.at.toEpochMilli();
            if (entry.is(PressureAdjusted.class)) {
                points.computeIfAbsent(entry.area, a -> new ArrayList<>()).add(new long[] {at, entry.level});
                current.put(entry.area, entry.level);
            } else if (entry.is(ClientResponseRecorded.class)) {
                boolean radiating = Boolean.TRUE.equals(entry.radiatingPain);
                responses.add(new Marker(entry.area, at, current.getOrDefault(entry.area, 0),
                        "sensitivity " + entry.sensitivity + (radiating ? ", radiating pain" : "")
                                + (entry.note == null ? "" : ": " + entry.note), radiating));
            } else if (entry.is(PrecautionBlocked.class)) {
                refusals.add(refusal(entry, at, current));
            }
        }
        Instant end = session.closedAt != null ? session.closedAt : session.timeline.get(session.timeline.size() - 1).at;
        List<Line> lines = new ArrayList<>();
        points.forEach((area, line) -> {
            long[] last = line.get(line.size() - 1);
            if (last[0] < end.toEpochMilli()) {
                line.add(new long[] {end.toEpochMilli(), last[1]});
            }
            lines.add(new Line(area, BodyMap.label(area), session.restrictions.maxPressure().get(area), line));
        });
        return new PressureChart(session.startedAt.toEpochMilli(), end.toEpochMilli(), lines, responses, refusals);
    }

    /** A refused attempt: at the level it tried (pressure) or, if none, at the area's level then (or the top). */
    private static Marker refusal(TimelineEntry entry, long at, Map<BodyArea, Integer> current) {
        Map<String, String> tried = entry.attemptedValues == null ? Map.of() : entry.attemptedValues;
        BodyArea area = Arrays.stream(BodyArea.values()).filter(a -> a.name().equals(tried.get("area"))).findFirst()
                .orElse(null);
        String attemptedLevel = tried.getOrDefault("level", "");
        int level = attemptedLevel.matches("[1-5]") ? Integer.parseInt(attemptedLevel)
                : area != null && current.containsKey(area) ? current.get(area) : 5;
        StringBuilder text = new StringBuilder("refused " + entry.attemptedCommand);
        tried.forEach((name, value) -> text.append(' ').append(name).append('=').append(value));
        if (entry.violations != null) {
            entry.violations.forEach(v -> text.append("; ").append(v.rule()));
        }
        return new Marker(area, at, level, text.toString(), false);
    }
}
