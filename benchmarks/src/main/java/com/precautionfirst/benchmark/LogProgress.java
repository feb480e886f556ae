package com.precautionfirst.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How far the signed Merkle log trails the event store: every {@value #SAMPLE_MILLIS} ms, on a connection of its
 * own, the events stored and the leaves logged, counted in one statement (one snapshot). The query side's
 * {@code log} processor makes a leaf of every stored event, so the difference is its lag in events. This reads the
 * tables rather than the lag gauge, so it needs no HTTP and works the same while the query side is starting.
 */
final class LogProgress implements AutoCloseable {

    static final long SAMPLE_MILLIS = 250;
    private static final String COUNTS =
            "SELECT (SELECT COUNT(*) FROM domain_event_entry), (SELECT COUNT(*) FROM log_leaf)";

    /** Events stored and leaves logged at one instant. */
    record Sample(long nanos, long events, long leaves) {
        long lag() {
            return events - leaves;
        }
    }

    private final Connection connection;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private LogProgress(Store store) throws SQLException {
        connection = store.connect();
        samples.add(sample());
        sampler = new Thread(this::sampleUntilClosed, "log-progress");
        sampler.setDaemon(true);
        sampler.start();
    }

    static LogProgress start(Store store) throws SQLException {
        return new LogProgress(store);
    }

    private void sampleUntilClosed() {
        while (running) {
            try {
                Thread.sleep(SAMPLE_MILLIS);
                samples.add(sample());
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                Benchmark.log("log progress sampling stopped: " + e.getMessage());
                return;
            }
        }
    }

    private Sample sample() throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery(COUNTS)) {
            rs.next();
            return new Sample(System.nanoTime(), rs.getLong(1), rs.getLong(2));
        }
    }

    Sample first() {
        return samples.get(0);
    }

    Sample last() {
        return samples.get(samples.size() - 1);
    }

    /** Until a sample shows the log holding every stored event; that sample, or null after {@code limit}. */
    Sample awaitLogged(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Sample last = last();
            if (last.lag() <= 0) {
                return last;
            }
            Thread.sleep(SAMPLE_MILLIS / 2);
        }
        return null;
    }

    /**
     * For a live phase, once its clients stopped: events/s and leaves/s from the first sample to the last one at
     * which the store still grew (the clients' last commands), the log's lag over those samples, and how long after
     * that the log held every event (null: not within a minute).
     */
    Map<String, Object> liveFigures() throws InterruptedException {
        awaitLogged(Duration.ofSeconds(60));
        List<Sample> all = List.copyOf(samples);
        int end = 0;
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).events() > all.get(i - 1).events()) {
                end = i;
            }
        }
        Sample first = all.get(0);
        Sample last = all.get(end);
        Sample caughtUp = all.subList(end, all.size()).stream().filter(s -> s.lag() <= 0).findFirst().orElse(null);
        double seconds = Math.max(1e-9, (last.nanos() - first.nanos()) / 1e9);
        List<Long> lags = all.subList(0, end + 1).stream().map(Sample::lag).toList();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("eventsPerSecond", Benchmark.round((last.events() - first.events()) / seconds));
        figures.put("logLeavesPerSecond", Benchmark.round((last.leaves() - first.leaves()) / seconds));
        figures.put("logLagP50Events", Recorder.rank(lags, 50));
        figures.put("logLagP99Events", Recorder.rank(lags, 99));
        figures.put("logLagMaxEvents", Recorder.rank(lags, 100));
        figures.put("logLagSamples", lags.size());
        figures.put("logCaughtUpSecondsAfterLastEvent",
                caughtUp == null ? null : Benchmark.round((caughtUp.nanos() - last.nanos()) / 1e9));
        return figures;
    }

    @Override
    public void close() throws Exception {
        running = false;
        sampler.interrupt();
        sampler.join(5_000);
        connection.close();
    }
}
