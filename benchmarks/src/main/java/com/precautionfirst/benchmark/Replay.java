package com.precautionfirst.benchmark;

import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.GcLog;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The signed log built by a query side started fresh over a store of {@code bench.replayStore} events, as after
 * a new deployment of the read side: how fast the {@code log} processor makes leaves, compared with the live event
 * rate of the same run (issue 11: at least 5 times). Every other processor replays the same events at the same
 * time, as it would then. The store is a database of its own (the log is append-only and cannot be emptied): the
 * command side starts on it (schema, seeded admin), one client is registered through it as the template of the
 * filler registrations loaded by COPY (History.fill), and only then does the query side start.
 * <p>
 * That query side runs in a heap of {@code bench.replayHeap} (256 MB; issue 12: replay in bounded memory, decision
 * 0054) with the serial collector, whose log shows after each full collection the heap still reachable; and how fast
 * all its processors work off the store is compared with the live rate too.
 */
final class Replay {

    static final int EVENTS = Integer.getInteger("bench.replayStore", 100_000);
    static final double TARGET_RATIO = 5;
    /**
     * PostgreSQL's autovacuum keeps the planner's statistics up to date, and a production server runs it. Where the
     * server has it off (this machine's CI configuration does), the benchmark runs ANALYZE every this many seconds
     * (60: autovacuum's naptime) while the log is built, as autovacuum would; 0: never, the server as it is. Without
     * statistics a plan cached while log_leaf was nearly empty (a sequential scan for "is this event logged yet?")
     * is kept for good, and the replay slows down as the log grows.
     */
    static final int ANALYZE_SECONDS = Integer.getInteger("bench.analyzeSeconds", 60);
    static final String HEAP = System.getProperty("bench.replayHeap", "256m");
    static final List<String> QUERY_JVM = List.of("-Xmx" + HEAP, "-XX:+UseSerialGC", GcLog.OPTION);

    private Replay() {
    }

    /** {@code live}: the figures of this run's live phases on the same database, for the ratio. */
    static Map<String, Object> measure(String database, Map<String, Object> live) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("loadAverageAtStart", Machine.loadAverage());
        try (Store store = Store.open(database);
             ServiceProcess command = Benchmark.start(store, Service.COMMAND_SIDE, "replay-command")) {
            Api admin = new Api(command.baseUrl(), "admin", Benchmark.PASSWORD);
            Workload.register(new Commands(new Commands.Users(admin, admin), null, new Recorder(), null,
                    Integer.MAX_VALUE, 0), "replay-template");
            History.fill(store, EVENTS);
            figures.put("events", store.queryLong("SELECT COUNT(*) FROM domain_event_entry"));
            long started = System.nanoTime();
            try (AutoCloseable analyzer = analyzeLikeAutovacuum(store, figures);
                 ServiceProcess query = Benchmark.start(store, Service.QUERY_SIDE, "replay-query", QUERY_JVM);
                 LogProgress progress = LogProgress.start(store)) {
                figures.put("startToHealthySeconds", seconds(started, progress.first().nanos()));
                figures.put("leavesWhenHealthy", progress.first().leaves());
                LogProgress.Sample logged = null;
                long deadline = started + Duration.ofSeconds(Benchmark.CATCH_UP_LIMIT_SECONDS).toNanos();
                while (logged == null && System.nanoTime() < deadline) {
                    if (!query.isAlive()) {
                        // the machine is shared: a process killed from outside must not leave us waiting
                        throw new IllegalStateException("the query side exited during the replay:\n" + query.logTail());
                    }
                    logged = progress.awaitLogged(Duration.ofSeconds(1));
                }
                LogProgress.Sample end = logged != null ? logged : progress.last();
                figures.put("logBehindAtEnd", end.lag());
                figures.put("logReplaySeconds", seconds(started, end.nanos()));
                // from the first sample, taken once the query side was healthy: its start-up is not in the rate
                double leavesPerSecond = (end.leaves() - progress.first().leaves())
                        / Math.max(1e-9, (end.nanos() - progress.first().nanos()) / 1e9);
                figures.put("logLeavesPerSecond", Benchmark.round(leavesPerSecond));
                long behind = History.awaitProjected(store);
                long caughtUp = System.nanoTime();
                figures.put("allProcessorsCaughtUpSeconds", seconds(started, caughtUp));
                figures.put("processorsBehindAtEnd", behind);
                // every event through every processor, from the moment the query side was healthy
                double eventsPerSecond = ((Number) figures.get("events")).doubleValue()
                        / Math.max(1e-9, (caughtUp - progress.first().nanos()) / 1e9);
                figures.put("allProcessorsEventsPerSecond", Benchmark.round(eventsPerSecond));
                figures.put("queryHeap", HEAP);
                GcLog.Reachable reachable = GcLog.afterFullCollections(query.logText());
                figures.put("heapReachableAfterFullGcMb", reachable.peakMegabytes());
                figures.put("fullCollections", reachable.fullCollections());
                figures.put("queryOutOfMemory", query.logText().contains("OutOfMemoryError"));
                compareWithLive(figures, live, leavesPerSecond, eventsPerSecond);
            }
        }
        figures.put("loadAverageAtEnd", Machine.loadAverage());
        Benchmark.log("log replay: " + figures);
        return figures;
    }

    private static AutoCloseable analyzeLikeAutovacuum(Store store, Map<String, Object> figures) throws Exception {
        String autovacuum;
        try (Connection c = store.connect(); ResultSet rs = c.createStatement().executeQuery("SHOW autovacuum")) {
            rs.next();
            autovacuum = rs.getString(1);
        }
        figures.put("serverAutovacuum", autovacuum);
        boolean emulate = autovacuum.equals("off") && ANALYZE_SECONDS > 0;
        figures.put("benchmarkAnalyzesEverySeconds", emulate ? ANALYZE_SECONDS : null);
        if (!emulate) {
            return () -> { };
        }
        ScheduledExecutorService analyzer = Executors.newSingleThreadScheduledExecutor();
        analyzer.scheduleWithFixedDelay(() -> {
            try (Connection c = store.connect()) {
                c.createStatement().execute("ANALYZE");
            } catch (SQLException e) {
                Benchmark.log("ANALYZE failed: " + e.getMessage());
            }
        }, 0, ANALYZE_SECONDS, TimeUnit.SECONDS);
        return analyzer::shutdownNow;
    }

    /** The highest live event rate of the run on this database: 8 clients as fast as answers come, or steady. */
    @SuppressWarnings("unchecked")
    private static void compareWithLive(Map<String, Object> figures, Map<String, Object> live, double leavesPerSecond,
                                        double eventsPerSecond) {
        String fastest = null;
        double rate = 0;
        for (String phase : List.of("clients8", "steady")) {
            Map<String, Object> measured = (Map<String, Object>) live.get(phase);
            if (measured != null && ((Number) measured.get("eventsPerSecond")).doubleValue() > rate) {
                fastest = phase;
                rate = ((Number) measured.get("eventsPerSecond")).doubleValue();
            }
        }
        if (fastest == null) {
            figures.put("liveRateFrom", "none (no live phase in this run)");
            return;
        }
        figures.put("liveEventsPerSecond", rate);
        figures.put("liveRateFrom", fastest);
        figures.put("ratioToLive", Benchmark.round(leavesPerSecond / rate));
        figures.put("allProcessorsRatioToLive", Benchmark.round(eventsPerSecond / rate));
        figures.put("targetRatio", TARGET_RATIO);
    }

    private static double seconds(long from, long to) {
        return Benchmark.round((to - from) / 1e9);
    }
}
