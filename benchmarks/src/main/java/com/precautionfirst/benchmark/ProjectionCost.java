package com.precautionfirst.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.DirectoryUsers;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * CPU the query side spends per projected event, for a client with 1 session and for a client with 100 sessions,
 * in one run (docs/performance.md "Projection cost"; {@code ./benchmarks/projection-cost.sh}). Both clients are
 * recorded with real commands (the command side's CPU is not counted). Each round starts a fresh session for a new
 * client (its only session) and a fresh session for the client that has 100 (then 101, ...), and into each appends
 * copies of its stored pressure adjustment (JDBC, as the command side stores them): {@code bench.costTrickle} one
 * at a time, each projected before the next (one event per processor batch: the live case at low load), then
 * {@code bench.costEvents} in one commit (full batches: a backlog). The sessions thus have the same length, and
 * only the client's history differs. CPU is the whole query-side process (every thread: the four processors, the
 * store poller, GC, JIT), read before the first event is appended and after every processor's token has passed the
 * last; the trickle is also given net of the idle process's CPU, measured while nothing was appended. Two warm-up
 * phases come first; the rounds alternate the clients so that a drift of the shared machine affects both.
 * Settings: {@code bench.database} (postgres, h2), {@code bench.costEvents}, {@code bench.costTrickle},
 * {@code bench.costRounds}. Writes {@code benchmarks/results/projection-cost.json}.
 */
public final class ProjectionCost {

    static final int EVENTS = Integer.getInteger("bench.costEvents", 300);
    static final int TRICKLE = Integer.getInteger("bench.costTrickle", 60);
    static final int ROUNDS = Integer.getInteger("bench.costRounds", 5);
    static final int IDLE_SECONDS = 15;
    static final int SESSIONS = 100;

    private ProjectionCost() {
    }

    public static void main(String[] args) throws Exception {
        String database = System.getProperty("bench.database", "postgres");
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("date", Instant.now().toString());
        results.put("machine", Machine.describe());
        results.put("loadAverageAtStart", Machine.loadAverage());
        results.put("settings", Map.of("database", database, "burstEvents", EVENTS, "trickleEvents", TRICKLE,
                "rounds", ROUNDS, "serviceJvm", Benchmark.SERVICE_JVM));
        ExecutorService probes = Executors.newSingleThreadExecutor();
        try (Store store = Store.open(database)) {
            Map<String, String> env = new LinkedHashMap<>(store.environment());
            env.put("TREATMENT_DEMO_PASSWORD", Benchmark.PASSWORD);
            env.put("TREATMENT_ADMIN_PASSWORD", Benchmark.PASSWORD);
            try (ServiceProcess command = ServiceProcess.start(Service.COMMAND_SIDE, "cost-" + database + "-command",
                    env, store.arguments(), Benchmark.SERVICE_JVM).awaitHealthy()) {
                DirectoryUsers.createDemoUsers(new Api(command.baseUrl(), "admin", Benchmark.PASSWORD),
                        Benchmark.PASSWORD);
                try (ServiceProcess query = ServiceProcess.start(Service.QUERY_SIDE, "cost-" + database + "-query",
                        env, store.arguments(), Benchmark.SERVICE_JVM).awaitHealthy()) {
                    Commands commands = Benchmark.commands(new Commands.Users(
                                    new Api(command.baseUrl(), "admin", Benchmark.PASSWORD),
                                    new Api(command.baseUrl(), "therapist-a", Benchmark.PASSWORD)),
                            new Api(query.baseUrl(), "admin", Benchmark.PASSWORD), new Recorder(), probes,
                            Integer.MAX_VALUE, 0);
                    results.put("clients", measure(store, commands, new Cpu(query)));
                }
            }
        } finally {
            probes.shutdownNow();
        }
        results.put("loadAverageAtEnd", Machine.loadAverage());
        Benchmark.write(Benchmark.root().resolve("benchmarks/results/projection-cost.json"),
                Commands.JSON.writeValueAsString(results) + "\n");
        Benchmark.log("projection cost: " + Commands.JSON.writeValueAsString(results));
    }

    static Map<String, Object> measure(Store store, Commands commands, Cpu cpu) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String many = "cost-many-" + run;
        Workload.prepare(commands, many);
        for (int s = 0; s < SESSIONS - 1; s++) {
            Workload.session(commands, many, 3);
        }
        Benchmark.log("a client with " + (SESSIONS - 1) + " ended sessions is recorded; warming up");
        for (int w = 0; w < 2; w++) {
            String warm = "cost-warm-" + run + "-" + w;
            Workload.prepare(commands, warm);
            phase(store, cpu, openSession(commands, warm));
        }
        double idleMsPerSecond = cpu.idleMsPerSecond(IDLE_SECONDS);
        Map<String, List<double[]>> phases = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            String one = "cost-one-" + run + "-" + round;
            Workload.prepare(commands, one);
            Map<String, Open> sessions = new LinkedHashMap<>();
            sessions.put("1 session", openSession(commands, one));
            sessions.put(SESSIONS + " sessions", openSession(commands, many));
            for (Map.Entry<String, Open> client : sessions.entrySet()) {
                double[] figures = phase(store, cpu, client.getValue());
                phases.computeIfAbsent(client.getKey(), k -> new ArrayList<>()).add(figures);
                Benchmark.log("round " + round + ", client with " + client.getKey() + ": trickle "
                        + round3(figures[0]) + " ms/event (" + round3(figures[1]) + " ms wall), burst "
                        + round3(figures[2]) + " ms/event");
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("idleCpuMsPerSecond", round3(idleMsPerSecond));
        for (Map.Entry<String, List<double[]>> client : phases.entrySet()) {
            List<double[]> p = client.getValue();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("trickleMsPerEvent", round3(median(p.stream().map(x -> x[0]).toList())));
            f.put("trickleNetOfIdleMsPerEvent",
                    round3(median(p.stream().map(x -> x[0] - idleMsPerSecond * x[1] / 1000).toList())));
            f.put("trickleWallMsPerEvent", round3(median(p.stream().map(x -> x[1]).toList())));
            f.put("burstMsPerEvent", round3(median(p.stream().map(x -> x[2]).toList())));
            f.put("rounds", p.stream().map(x -> List.of(round3(x[0]), round3(x[2]))).toList());
            figures.put(client.getKey(), f);
        }
        return figures;
    }

    /**
     * A fresh session: {@code TRICKLE} events one by one, then {@code EVENTS} in one commit, once the events of the
     * commands before are projected. Returns CPU ms per event trickled, wall ms per event trickled, CPU ms per event
     * of the burst.
     */
    static double[] phase(Store store, Cpu cpu, Open session) throws Exception {
        // what the commands before appended is projected, and the segments that skipped it have stored their tokens
        History.awaitProjected(store);
        Thread.sleep(1500);
        double[] trickle = trickle(store, cpu, session, TRICKLE);
        return new double[] {trickle[0], trickle[1], burst(store, cpu, session, EVENTS)};
    }

    /** Starts a session of the (cleared, assigned) client with one pressure adjustment. */
    static Open openSession(Commands commands, String clientId) {
        String sessionId = commands.asTherapist(clientId, "/api/sessions", "{\"clientId\":\"" + clientId
                + "\",\"plannedAreas\":[\"LOWER_BACK\"]}").path("sessionId").asText();
        commands.asTherapist(clientId, "/api/sessions/" + sessionId + "/pressure",
                "{\"area\":\"LOWER_BACK\",\"level\":1,\"reason\":\"THERAPIST_JUDGEMENT\"}");
        return new Open(clientId, sessionId);
    }

    /** A session being measured, and its client. */
    record Open(String clientId, String sessionId) {
    }

    /** CPU ms per event for {@code count} events appended in one transaction. */
    static double burst(Store store, Cpu cpu, Open session, int count) throws Exception {
        double before = cpu.millis();
        awaitProjected(store, append(store, session.sessionId(), count), session.clientId());
        return (cpu.millis() - before) / count;
    }

    /** CPU ms per event and wall ms per event for {@code count} events appended and projected one by one. */
    static double[] trickle(Store store, Cpu cpu, Open session, int count) throws Exception {
        double before = cpu.millis();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            awaitProjected(store, append(store, session.sessionId(), 1), session.clientId());
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        return new double[] {(cpu.millis() - before) / count, wallMs / count};
    }

    /**
     * Appends {@code count} copies of the session's last pressure adjustment (same payload and metadata, the next
     * sequence numbers, new identifiers) in one transaction; returns the global index of the last one.
     */
    static long append(Store store, String sessionId, int count) throws Exception {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            String type;
            byte[] metaData;
            byte[] payload;
            String revision;
            String payloadType;
            long sequence;
            try (PreparedStatement template = c.prepareStatement("SELECT type, meta_data, payload, payload_revision, "
                    + "payload_type, sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? "
                    + "AND payload_type LIKE '%.PressureAdjusted' ORDER BY sequence_number DESC LIMIT 1")) {
                template.setString(1, sessionId);
                try (ResultSet rs = template.executeQuery()) {
                    rs.next();
                    type = rs.getString(1);
                    metaData = rs.getBytes(2);
                    payload = rs.getBytes(3);
                    revision = rs.getString(4);
                    payloadType = rs.getString(5);
                    sequence = rs.getLong(6);
                }
            }
            long last = -1;
            try (PreparedStatement next = c.prepareStatement("SELECT nextval('domain_event_global_index_seq')");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO domain_event_entry (global_index, "
                         + "aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload, "
                         + "payload_revision, payload_type, time_stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= count; i++) {
                    try (ResultSet rs = next.executeQuery()) {
                        rs.next();
                        last = rs.getLong(1);
                    }
                    insert.setLong(1, last);
                    insert.setString(2, sessionId);
                    insert.setLong(3, sequence + i);
                    insert.setString(4, type);
                    insert.setString(5, UUID.randomUUID().toString());
                    insert.setBytes(6, metaData);
                    insert.setBytes(7, payload);
                    insert.setString(8, revision);
                    insert.setString(9, payloadType);
                    insert.setString(10, Instant.now().toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
            return last;
        }
    }

    /**
     * Until the segment that handles {@code clientId} of each processor that handles a client's events (history,
     * audit, log) has a token at or past {@code position}. A segment that skips the event (another client's) and the
     * users processor store their tokens only after Axon's event-availability timeout (a second); waiting for them
     * would add a second of the idle process's CPU to every trickled event. Segments are split evenly (2 or 1), so
     * the owner is the client id's hash masked as Axon's {@code Segment.matches} does.
     */
    static void awaitProjected(Store store, long position, String clientId) throws Exception {
        long deadline = System.nanoTime() + Benchmark.CATCH_UP_LIMIT_SECONDS * 1_000_000_000L;
        while (lowestOwningToken(store, clientId) < position) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the query side did not reach position " + position);
            }
            Thread.sleep(2);
        }
    }

    private static long lowestOwningToken(Store store, String clientId) throws Exception {
        Map<String, List<Long>> positions = new LinkedHashMap<>();
        try (Connection c = store.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT processor_name, "
                + "token FROM token_entry WHERE processor_name <> 'users' ORDER BY processor_name, segment")) {
            while (rs.next()) {
                byte[] bytes = rs.getBytes(2);
                long index = -1;
                if (bytes != null) {
                    JsonNode token = Commands.JSON.readTree(bytes);
                    JsonNode current = token.has("currentToken") ? token.get("currentToken") : token;
                    index = current.path("index").asLong(-1);
                }
                positions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(index);
            }
        }
        long lowest = positions.isEmpty() ? -1 : Long.MAX_VALUE;
        for (List<Long> segments : positions.values()) {
            lowest = Math.min(lowest, segments.get(clientId.hashCode() & (segments.size() - 1)));
        }
        return lowest;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * The CPU time of the query-side process, all threads: the sum of {@code /proc/<pid>/task/<tid>/schedstat}
     * (nanoseconds on the CPU per thread; {@code /proc/<pid>/stat} counts in 10 ms ticks, too coarse for a phase).
     * A thread that ends between two readings takes its time with it; the query side's threads (processors, store
     * poller, GC, JIT, connection pool) live as long as the process.
     */
    static final class Cpu {

        private final Path tasks;

        Cpu(ServiceProcess service) {
            String port = "--server.port=" + service.baseUrl().substring(service.baseUrl().lastIndexOf(':') + 1);
            long pid = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                            .map(line -> line.contains(port)).orElse(false))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no process with " + port)).pid();
            tasks = Path.of("/proc", Long.toString(pid), "task");
        }

        double millis() throws Exception {
            long nanos = 0;
            try (Stream<Path> threads = Files.list(tasks)) {
                for (Path thread : threads.toList()) {
                    try {
                        nanos += Long.parseLong(Files.readString(thread.resolve("schedstat")).split(" ")[0]);
                    } catch (IOException e) {
                        // the thread ended while they were listed
                    }
                }
            }
            return nanos / 1e6;
        }

        double idleMsPerSecond(int seconds) throws Exception {
            double before = millis();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            return (millis() - before) / ((System.nanoTime() - start) / 1e9);
        }
    }
}
