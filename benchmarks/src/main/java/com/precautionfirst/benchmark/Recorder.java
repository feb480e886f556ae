package com.precautionfirst.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Latencies of one phase, in microseconds, and the failures seen. */
final class Recorder {

    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> lags = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger staleReads = new AtomicInteger();

    void latency(long micros) {
        latencies.add(micros);
    }

    void lag(long micros) {
        lags.add(micros);
    }

    int count() {
        return latencies.size();
    }

    double latencyMillis(double percentile) {
        return percentile(latencies, percentile);
    }

    double lagMillis(double percentile) {
        return percentile(lags, percentile);
    }

    int lagSamples() {
        return lags.size();
    }

    static double percentile(List<Long> micros, double percentile) {
        List<Long> copy;
        synchronized (micros) {
            if (micros.isEmpty()) {
                return Double.NaN;
            }
            copy = new ArrayList<>(micros);
        }
        return rank(copy, percentile) / 1000.0;
    }

    /** The value at this percentile (nearest rank) of a non-empty list of any unit. */
    static long rank(List<Long> values, double percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
