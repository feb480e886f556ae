package com.precautionfirst.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.DirectoryUsers;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark of docs/performance.md, for each database: the services from the built jars, commands over HTTP
 * with 1 and 8 clients next to a raw JDBC baseline on the same database, projection lag at a steady rate, and
 * (PostgreSQL) history reads with a small and a large store; for the signed Merkle log (issue 11) its lag during
 * the live phases, its replay over a store of its own, and (PostgreSQL) proofs over a log of 1M leaves. Writes
 * benchmarks/results/latest.json and the table of docs/performance.md. Settings are system properties
 * {@code bench.*} (see README "Benchmark"); {@code bench.phases} runs some phases only.
 */
public final class Benchmark {

    static final String PASSWORD = "bench-" + UUID.randomUUID();
    static final int PHASE_SECONDS = Integer.getInteger("bench.phaseSeconds", 20);
    static final int BASELINE_SECONDS = Integer.getInteger("bench.baselineSeconds", 10);
    static final int STEADY_SECONDS = Integer.getInteger("bench.steadySeconds", 20);
    static final int STEADY_RATE = Integer.getInteger("bench.steadyRate", 200);
    static final int SMALL_STORE = Integer.getInteger("bench.smallStore", 10_000);
    static final int LARGE_STORE = Integer.getInteger("bench.largeStore", 1_000_000);
    static final int HISTORY_SESSIONS = Integer.getInteger("bench.historySessions", 100);
    static final int HISTORY_READS = Integer.getInteger("bench.historyReads", 400);
    /** The longest the query side may take to project the filler before the reads are timed anyway. */
    static final int CATCH_UP_LIMIT_SECONDS = Integer.getInteger("bench.catchUpLimitSeconds", 600);
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 60);
    static final int SESSIONS_PER_CLIENT = 3;
    /**
     * As in production: full JIT, the default collector, a heap large enough not to be what is measured (a query side
     * once needed more than 1 GB for the 1M history store: Axon's read-ahead cache, decision 0054). The replay
     * phase's query side runs in a small heap of its own ({@code bench.replayHeap}).
     */
    static final List<String> SERVICE_JVM = List.of("-Xms1g", "-Xmx" + System.getProperty("bench.serviceHeap", "4g"));
    static final List<String> DATABASES = List.of(System.getProperty("bench.databases", "h2,postgres").split(","));
    /**
     * The phases, in the order they run: commandCpu (CPU per command of the command side alone), throughput (the
     * warm-up, then 1 and 8 clients with their raw baselines), steady, history (PostgreSQL), replay (the log built
     * by a fresh query side; PostgreSQL), proofs (PostgreSQL). The log's lag is measured within throughput and
     * steady; export (an insurer's export of 100k events by a query side in 256 MB; PostgreSQL). A run of some phases adds its figures to latest.json instead of replacing it (Report);
     * {@code bench.commandCpuOnly=true} is {@code bench.phases=commandCpu}.
     */
    static final List<String> ALL_PHASES = List.of("commandCpu", "throughput", "steady", "history", "replay", "proofs",
            "export");
    static final List<String> PHASES = phases(System.getProperty("bench.phases",
            Boolean.getBoolean("bench.commandCpuOnly") ? "commandCpu" : String.join(",", ALL_PHASES)));

    public static void main(String[] args) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("date", Instant.now().toString());
        results.put("machine", Machine.describe());
        results.put("loadAverageAtStart", Machine.loadAverage());
        results.put("phases", PHASES);
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("phaseSeconds", PHASE_SECONDS,
                "baselineSeconds", BASELINE_SECONDS, "steadySeconds", STEADY_SECONDS, "warmupSeconds", WARMUP_SECONDS,
                "steadyRate", STEADY_RATE, "smallStore", SMALL_STORE, "largeStore", LARGE_STORE,
                "historySessions", HISTORY_SESSIONS, "historyReads", HISTORY_READS,
                "catchUpLimitSeconds", CATCH_UP_LIMIT_SECONDS));
        settings.putAll(Map.of("replayStore", Replay.EVENTS, "proofLeaves", Proofs.LEAVES,
                "proofRequests", Proofs.REQUESTS, "proofWarmup", Proofs.WARMUP));
        results.put("settings", settings);
        Map<String, Object> databases = new LinkedHashMap<>();
        results.put("databases", databases);
        for (String database : DATABASES) {
            databases.put(database, run(database.strip()));
            // after each database, so that a later failure still leaves the figures measured so far
            results.put("loadAverageAtEnd", Machine.loadAverage());
            Report.write(results);
        }
    }

    static Map<String, Object> run(String database) throws Exception {
        log("=== " + database + " ===");
        Map<String, Object> result = new LinkedHashMap<>();
        if (PHASES.contains("commandCpu")) {
            result.put("commandSideAlone", CommandCpu.measure(Workload.TREATMENT_MIX, database));
        }
        if (PHASES.contains("throughput") || PHASES.contains("steady")
                || PHASES.contains("history") && Store.supportsBulkLoad(database)) {
            result.putAll(live(database));
        }
        if (PHASES.contains("replay") && Store.supportsBulkLoad(database)) {
            result.put("logReplay", Replay.measure(database, result));
        }
        if (PHASES.contains("proofs") && Store.supportsBulkLoad(database)) {
            result.put("logProofs", Proofs.measure(database));
        }
        if (PHASES.contains("export") && Store.supportsBulkLoad(database)) {
            result.put("export", Exports.measure(database));
        }
        return result;
    }

    /** The phases with both services running on one store: throughput, steady, history. */
    static Map<String, Object> live(String database) throws Exception {
        Store store = Store.open(database);
        List<ServiceProcess> processes = new ArrayList<>();
        ExecutorService probes = Executors.newFixedThreadPool(8);
        try {
            // the command side first: on H2 the first process owns the file (the fast embedded path)
            ServiceProcess command = start(store, Service.COMMAND_SIDE, "command");
            processes.add(command);
            DirectoryUsers.createDemoUsers(new Api(command.baseUrl(), "admin", PASSWORD), PASSWORD);
            ServiceProcess query = start(store, Service.QUERY_SIDE, "query");
            processes.add(query);
            Commands.Users users = new Commands.Users(new Api(command.baseUrl(), "admin", PASSWORD),
                    new Api(command.baseUrl(), "therapist-a", PASSWORD));
            Api reader = new Api(query.baseUrl(), "admin", PASSWORD);

            Workload workload = chooseWorkload(users, reader, probes);
            // let the JIT compile the command path before anything is measured
            closedLoop(workload, 8, users, reader, new Recorder(), probes, WARMUP_SECONDS);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("workload", workload.name());
            result.put("eventBytes", store.averageEventBytes());
            for (int clients : PHASES.contains("throughput") ? List.of(1, 8) : List.<Integer>of()) {
                Recorder recorder = new Recorder();
                LogProgress logProgress = LogProgress.start(store);
                Cpus cpus = Cpus.mark(command, query, store);
                double perSecond = closedLoop(workload, clients, users, reader, recorder, probes, PHASE_SECONDS);
                Map<String, Object> cpuFigures = cpus.figures(reader, recorder.count());
                Map<String, Object> logFigures = finish(logProgress);
                double rows = Baseline.rowsPerSecond(store, clients, Duration.ofSeconds(BASELINE_SECONDS));
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("commandsPerSecond", round(perSecond));
                figures.put("latencyP50Ms", round(recorder.latencyMillis(50)));
                figures.put("latencyP99Ms", round(recorder.latencyMillis(99)));
                figures.put("lagP50Ms", round(recorder.lagMillis(50)));
                figures.put("lagP99Ms", round(recorder.lagMillis(99)));
                figures.put("lagSamples", recorder.lagSamples());
                figures.put("failures", recorder.failures.get());
                figures.put("baselineRowsPerSecond", round(rows));
                figures.put("ratio", Math.round(perSecond / rows * 1000) / 1000.0);
                figures.putAll(cpuFigures);
                if (clients == 8) {
                    // the floor with the query side running, after the phase (the command side alone: commandCpu)
                    figures.putAll(Floor.measure(command.baseUrl(), command.pid(), clients));
                    figures.put("ratioToFloor", CommandCpu.ratio(perSecond, (Double) figures.get("floorRequestsPerSecond")));
                }
                figures.putAll(logFigures);
                result.put("clients" + clients, figures);
                log(database + " " + clients + " clients: " + figures);
            }
            if (PHASES.contains("steady")) {
                result.put("steady", steady(store, workload, users, reader, probes, Cpus.mark(command, query, store)));
            }
            if (PHASES.contains("history") && store.supportsBulkLoad()) {
                result.put("history", History.measure(store, workload, users, reader, probes));
            }
            return result;
        } finally {
            probes.shutdownNow();
            processes.forEach(ServiceProcess::close);
            store.close();
        }
    }

    /**
     * One of the services from its jar on this store, healthy. The seeded users' password: all five on the embedded
     * default, only admin on postgres.
     */
    static ServiceProcess start(Store store, Service service, String name) {
        return start(store, service, name, SERVICE_JVM);
    }

    static ServiceProcess start(Store store, Service service, String name, List<String> jvmOptions) {
        jvmOptions = profiled(jvmOptions, store.name + "-" + name);
        Map<String, String> env = new LinkedHashMap<>(store.environment());
        env.put("TREATMENT_DEMO_PASSWORD", PASSWORD);
        env.put("TREATMENT_ADMIN_PASSWORD", PASSWORD);
        ServiceProcess process = ServiceProcess.start(service, "bench-" + store.name + "-" + name, env,
                store.arguments(), jvmOptions);
        try {
            return process.awaitHealthy();
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /**
     * The options with, under {@code -Dbench.jfr=DIR}, a CPU profile of the service recorded to
     * {@code DIR/bench-NAME.jfr} (README "Benchmark": benchmarks/jfr-summary.sh reads it).
     */
    static List<String> profiled(List<String> jvmOptions, String name) {
        String jfr = System.getProperty("bench.jfr");
        if (jfr == null) {
            return jvmOptions;
        }
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath()
                .resolve("bench-" + name + ".jfr"));
        return options;
    }

    /** The signed log's figures of a live phase whose clients have stopped. */
    static Map<String, Object> finish(LogProgress logProgress) throws Exception {
        try (logProgress) {
            return logProgress.liveFigures();
        }
    }

    static List<String> phases(String setting) {
        List<String> phases = List.of(setting.replace(" ", "").split(","));
        if (!ALL_PHASES.containsAll(phases)) {
            throw new IllegalArgumentException("bench.phases=" + setting + ": each of " + ALL_PHASES);
        }
        return ALL_PHASES.stream().filter(phases::contains).toList();
    }

    /** The treatment mix once the command side has its session endpoints; until then, registrations. */
    static Workload chooseWorkload(Commands.Users users, Api reader, ExecutorService probes) {
        try {
            Workload.TREATMENT_MIX.client(commands(users, reader, new Recorder(), probes, 1000, 0), "probe-mix", 1);
            return Workload.TREATMENT_MIX;
        } catch (RuntimeException e) {
            log("treatment mix not available (" + e.getMessage() + "); measuring registrations only");
            return Workload.REGISTER_ONLY;
        }
    }

    static Commands commands(Commands.Users users, Api reader, Recorder recorder, ExecutorService probes,
                             int lagSampleEvery, long intervalNanos) {
        return new Commands(users, reader, recorder, probes, lagSampleEvery, intervalNanos);
    }

    /** {@code clients} threads, each sending its next command when the previous one is answered. */
    static double closedLoop(Workload workload, int clients, Commands.Users users, Api reader, Recorder recorder,
                             ExecutorService probes, int seconds) throws InterruptedException {
        Commands commands = commands(users, reader, recorder, probes, 5, 0);
        long start = System.nanoTime();
        runClients(workload, clients, commands, start + TimeUnit.SECONDS.toNanos(seconds), "c" + clients);
        double elapsed = (System.nanoTime() - start) / 1e9;
        awaitProbes();
        return recorder.count() / elapsed;
    }

    /** 8 clients sending together {@code STEADY_RATE} commands per second: the projection lag target's load. */
    static Map<String, Object> steady(Store store, Workload workload, Commands.Users users, Api reader,
                                      ExecutorService probes, Cpus cpus) throws Exception {
        int clients = 8;
        Recorder recorder = new Recorder();
        Commands commands = commands(users, reader, recorder, probes, 4, TimeUnit.SECONDS.toNanos(1) * clients / STEADY_RATE);
        LogProgress logProgress = LogProgress.start(store);
        long start = System.nanoTime();
        runClients(workload, clients, commands, start + TimeUnit.SECONDS.toNanos(STEADY_SECONDS), "steady");
        double achieved = recorder.count() / ((System.nanoTime() - start) / 1e9);
        awaitProbes();
        Map<String, Object> cpuFigures = cpus.figures(reader, recorder.count());
        Map<String, Object> logFigures = finish(logProgress);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("targetRate", STEADY_RATE);
        figures.put("achievedRate", round(achieved));
        figures.put("lagP50Ms", round(recorder.lagMillis(50)));
        figures.put("lagP99Ms", round(recorder.lagMillis(99)));
        figures.put("lagSamples", recorder.lagSamples());
        figures.put("staleReads", recorder.staleReads.get());
        figures.put("failures", recorder.failures.get());
        figures.putAll(cpuFigures);
        figures.putAll(logFigures);
        log("steady: " + figures);
        return figures;
    }

    static void runClients(Workload workload, int clients, Commands commands, long deadline, String tag)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.submit(() -> {
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    try {
                        workload.client(commands, tag + "-" + run + "-" + client + "-" + i, SESSIONS_PER_CLIENT);
                    } catch (RuntimeException e) {
                        log("command failed: " + e.getMessage());
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
    }

    /** Lag probes of the last commands may still be waiting for the projection. */
    static void awaitProbes() throws InterruptedException {
        Thread.sleep(1000);
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static void log(String message) {
        System.out.println("[benchmark " + Instant.now() + "] " + message);
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String body) {
        try {
            return Commands.JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode node() {
        return Commands.JSON.createObjectNode();
    }

    static {
        Commands.JSON.enable(SerializationFeature.INDENT_OUTPUT);
    }

    static Path root() {
        return ServiceProcess.root();
    }

    static void write(Path path, String text) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
