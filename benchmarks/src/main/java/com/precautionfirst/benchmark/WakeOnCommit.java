package com.precautionfirst.benchmark;

import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Decision 0055 measured on PostgreSQL: what an idle query side costs its database, and how soon it projects what
 * another process commits. A fresh database and the query side alone (one instance, its four processors, six
 * segments). Idle: the transactions committed per second in its database (the delta of
 * {@code pg_stat_database.xact_commit} over {@code bench.idleSeconds}, after {@code bench.idleSettleSeconds}) and
 * the process's CPU. Wake: {@code bench.wakeEvents} single events, each committed through a JDBC connection of this
 * program a random 100-400 ms after the last was logged and then announced as a command side announces its commits,
 * and the time from its commit until the {@code log} processor has its leaf (this program polls log_leaf every 2 ms,
 * so the figures include up to that). Two states of this build: listening for commits (the poll every {@code fetch-delay-while-listening}), and
 * with the listener's session terminated while the database refuses new sessions (the fallback: the poll every
 * {@code fetch-delay}, as before the listener); then, with {@code -Dbench.compareJar=/path/to/query-side.jar}, a
 * query side of that jar (e.g. a build before decision 0055). Writes {@code benchmarks/results/wake-on-commit.json}.
 * Run: {@code ./mvnw -q -B -Pbenchmark -DskipTests package}, then
 * {@code java -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" com.precautionfirst.benchmark.WakeOnCommit}.
 */
public final class WakeOnCommit {

    static final int SECONDS = Integer.getInteger("bench.idleSeconds", 60);
    static final int SETTLE_SECONDS = Integer.getInteger("bench.idleSettleSeconds", 20);
    static final int WAKE_EVENTS = Integer.getInteger("bench.wakeEvents", 30);
    static final String LISTENER = "treatment-query-side-commit-listener";
    static final String ANNOUNCE = "SELECT set_config('synchronous_commit', 'off', true), pg_notify('"
            + "treatment_events', '')";
    static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private WakeOnCommit() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("date", Instant.now().toString());
        results.put("machine", Machine.describe());
        results.put("loadAverageAtStart", Machine.loadAverage());
        results.put("settings", Map.of("idleSeconds", SECONDS, "settleSeconds", SETTLE_SECONDS,
                "wakeEvents", WAKE_EVENTS, "jvm", JVM));
        results.put("thisBuild", measure(Service.QUERY_SIDE.jar(), true));
        String compare = System.getProperty("bench.compareJar");
        if (compare != null) {
            results.put("compareJar", compare);
            results.put("compared", measure(Path.of(compare), false));
        }
        results.put("loadAverageAtEnd", Machine.loadAverage());
        Benchmark.write(Benchmark.root().resolve("benchmarks/results/wake-on-commit.json"),
                Commands.JSON.writeValueAsString(results) + "\n");
        Benchmark.log("wake on commit: " + Commands.JSON.writeValueAsString(results));
    }

    private static Map<String, Object> measure(Path jar, boolean alsoWithoutListener) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        try (Store store = Store.open("postgres");
             ServiceProcess query = ServiceProcess.start(jar, "idle-query-side", store.environment(),
                     store.arguments(), JVM).awaitHealthy();
             Connection sampler = store.connect()) {
            String url = store.environment().get("TREATMENT_DB_URL");
            String database = url.substring(url.lastIndexOf('/') + 1);
            ProjectionCost.Cpu cpu = new ProjectionCost.Cpu(query);
            Thread.sleep(SETTLE_SECONDS * 1000L);
            long listener = listenerPid(sampler, database);
            figures.put("listening", listener != 0);
            figures.putAll(window(sampler, database, cpu, ""));
            figures.putAll(wake(sampler, ""));
            if (alsoWithoutListener && listener != 0) {
                // the listener's session killed and new sessions refused: the query side polls as it did before
                try (Connection admin = DriverManager.getConnection(url.replace("/" + database, "/postgres"),
                        "postgres", ""); Statement sql = admin.createStatement()) {
                    sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                    try {
                        sql.execute("SELECT pg_terminate_backend(" + listener + ")");
                        Thread.sleep(2_000);
                        figures.putAll(window(sampler, database, cpu, "WithoutListener"));
                        figures.putAll(wake(sampler, "WithoutListener"));
                    } finally {
                        sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
                    }
                }
            }
        }
        return figures;
    }

    /** Transactions/s and CPU ms/s over {@link #SECONDS}; the sampler's own reads of the counter not counted. */
    private static Map<String, Object> window(Connection sampler, String database, ProjectionCost.Cpu cpu,
                                              String suffix) throws Exception {
        long before = commits(sampler, database);
        double cpuBefore = cpu.millis();
        long start = System.nanoTime();
        Thread.sleep(SECONDS * 1000L);
        long after = commits(sampler, database);
        double seconds = (System.nanoTime() - start) / 1e9;
        return Map.of("transactionsPerSecond" + suffix, Benchmark.round((after - before - 1) / seconds),
                "cpuMsPerSecond" + suffix, Benchmark.round((cpu.millis() - cpuBefore) / seconds));
    }

    /** From the commit of a single event by this program's connection until the log processor has logged it. */
    private static Map<String, Object> wake(Connection own, String suffix) throws Exception {
        List<Double> millis = new ArrayList<>();
        Random random = new Random(55);
        for (int i = 0; i < WAKE_EVENTS; i++) {
            Thread.sleep(100 + random.nextInt(300));
            String clientId = "wake-" + UUID.randomUUID();
            String eventId = UUID.randomUUID().toString();
            try (PreparedStatement insert = own.prepareStatement("INSERT INTO domain_event_entry (global_index,"
                    + " aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,"
                    + " payload_revision, payload_type, time_stamp) VALUES (nextval('domain_event_global_index_seq'),"
                    + " ?, 0, 'ClientRecord', ?, ?, ?, '1', 'com.precautionfirst.api.events.ClientRegistered', ?)")) {
                insert.setString(1, clientId);
                insert.setString(2, eventId);
                insert.setBytes(3, "{\"role\":\"CLINIC_ADMIN\",\"userId\":\"admin\"}".getBytes(StandardCharsets.UTF_8));
                insert.setBytes(4, ("{\"clientId\":\"" + clientId + "\",\"name\":\"Wake\",\"dateOfBirth\":\"1980-01-01\"}")
                        .getBytes(StandardCharsets.UTF_8));
                insert.setString(5, Instant.now().toString());
                insert.executeUpdate();
            }
            long committed = System.nanoTime();
            // announced as a command side's CommitNotifier does it after the commit
            own.createStatement().execute(ANNOUNCE);
            try (PreparedStatement logged = own.prepareStatement("SELECT 1 FROM log_leaf WHERE event_identifier = ?")) {
                logged.setString(1, eventId);
                while (!logged.executeQuery().next()) {
                    if (System.nanoTime() - committed > 30_000_000_000L) {
                        throw new IllegalStateException("event " + eventId + " not logged within 30 s");
                    }
                    Thread.sleep(2);
                }
            }
            millis.add((System.nanoTime() - committed) / 1e6);
        }
        Collections.sort(millis);
        return Map.of("commitToLogMillisP50" + suffix, Benchmark.round(millis.get(millis.size() / 2)),
                "commitToLogMillisP90" + suffix,
                Benchmark.round(millis.get((int) Math.ceil(millis.size() * 0.9) - 1)),
                "commitToLogMillisMax" + suffix, Benchmark.round(millis.get(millis.size() - 1)));
    }

    private static long commits(Connection c, String database) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long listenerPid(Connection c, String database) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = ? AND application_name = ?")) {
            query.setString(1, database);
            query.setString(2, LISTENER);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
