package com.precautionfirst.support.time;

import java.time.Instant;

/**
 * An instant as microseconds since the epoch, the unit the projections store instants in. Unlike
 * {@code ChronoUnit.MICROS.between(EPOCH, instant)}, which counts in nanoseconds first and overflows before 1677 and
 * after 2262, this holds for every year a query may name (1900 to 9999).
 */
public final class EpochMicros {

    private EpochMicros() {
    }

    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    /** The instant of a count of microseconds since the epoch, as {@link #of} made it. */
    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
