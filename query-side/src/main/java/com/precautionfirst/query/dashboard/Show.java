package com.precautionfirst.query.dashboard;

import com.precautionfirst.api.vocabulary.Restrictions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the pages write instants and codes, one place for every template (model attribute {@code show}). Instants
 * are written in UTC and say so: the query side does not know where its readers sit, and a record read by a
 * therapist and an auditor must read alike; the as-of field is in UTC too.
 */
public final class Show {

    static final Show INSTANCE = new Show();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Show() {
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** An instant as the API writes it (ISO-8601), written as {@link #time(Instant)} does; anything else as it is. */
    public String time(String iso) {
        try {
            return iso == null ? "" : time(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** PRECAUTIONS_MET as people read it: "precautions met". */
    public String words(Object code) {
        return code == null ? "" : code.toString().replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /** A clearance's restrictions in a line: "excluded: lower leg; max pressure: lower back 2; prohibited: ...". */
    public String restrictions(Restrictions restrictions) {
        if (restrictions == null) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (!restrictions.excludedAreas().isEmpty()) {
            parts.add("excluded: " + restrictions.excludedAreas().stream().map(this::words).collect(Collectors.joining(", ")));
        }
        if (!restrictions.maxPressure().isEmpty()) {
            parts.add("max pressure: " + restrictions.maxPressure().entrySet().stream()
                    .map(e -> words(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
        if (!restrictions.prohibitedTechniques().isEmpty()) {
            parts.add("prohibited: " + restrictions.prohibitedTechniques().stream().map(this::words)
                    .collect(Collectors.joining(", ")));
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    /** The CSS class of a badge for a status or assessment code. */
    public String badge(Object code) {
        return code == null ? "badge" : "badge badge-" + code.toString().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
