package com.precautionfirst.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a service held, read from the collector's log in the service's own log. The heap in use sampled at any
 * moment includes garbage not yet collected (with a small heap, nearly all of it), and so does the heap after a young
 * collection (the old generation is not collected then); the heap after a full collection is what was still
 * reachable.
 */
public final class GcLog {

    /** JVM option: one line per collection on standard output, e.g. {@code GC(7) Pause Young (...) 80M->12M(247M)}. */
    public static final String OPTION = "-Xlog:gc";

    private static final Pattern FULL_COLLECTION =
            Pattern.compile("GC\\(\\d+\\) Pause Full .* (\\d+)([KMG])->(\\d+)([KMG])\\(");

    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+)([KMG])->(\\d+)([KMG])\\(");

    private GcLog() {
    }

    /** The most heap still in use after a full collection, in MB, and how many full collections the log shows. */
    public static Reachable afterFullCollections(String log) {
        long peak = 0;
        int collections = 0;
        Matcher collection = FULL_COLLECTION.matcher(log);
        while (collection.find()) {
            peak = Math.max(peak, megabytes(Long.parseLong(collection.group(3)), collection.group(4)));
            collections++;
        }
        return new Reachable(peak, collections);
    }

    /**
     * Of every collection in the log: the most heap in use when one began (the peak the heap reached, garbage
     * included), the most still in use after one, and how many there were.
     */
    public static Pauses pauses(String log) {
        long before = 0;
        long after = 0;
        int collections = 0;
        Matcher pause = PAUSE.matcher(log);
        while (pause.find()) {
            before = Math.max(before, megabytes(Long.parseLong(pause.group(1)), pause.group(2)));
            after = Math.max(after, megabytes(Long.parseLong(pause.group(3)), pause.group(4)));
            collections++;
        }
        return new Pauses(before, after, collections);
    }

    public record Pauses(long peakBeforeMegabytes, long peakAfterMegabytes, int collections) {
    }

    public record Reachable(long peakMegabytes, int fullCollections) {
    }

    private static long megabytes(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
