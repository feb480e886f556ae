package com.precautionfirst.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import com.precautionfirst.verifier.IncrementalTree;
import com.precautionfirst.verifier.MerkleTree;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * Inclusion and consistency proofs over a signed log of {@code bench.proofLeaves} (1M) leaves (issue 11: p99 under
 * 10 ms). The leaves are synthetic ({@code synthetic-<i>}, hash {@link MerkleTree#leafHash} of that name; no
 * event behind them) and are loaded by COPY with every complete subtree above them, as the query side's LogStore
 * stores them, before the query side starts on the database; its {@code log} processor then appends the store's
 * own events (the seeded admin) after them and its issuer signs the tree. Random proofs are asked over HTTP, then
 * computed in this process from the same tables with the statements LogStore runs, on one JDBC connection (no
 * HTTP, Spring, login or access log), to separate the two costs. Every answer is verified against roots computed
 * here from the leaves, and the signed checkpoint's root is compared with them.
 */
final class Proofs {

    static final int LEAVES = Integer.getInteger("bench.proofLeaves", 1_000_000);
    static final int REQUESTS = Integer.getInteger("bench.proofRequests", 2_000);
    static final int WARMUP = Integer.getInteger("bench.proofWarmup", 500);
    static final double TARGET_P99_MS = 10;
    private static final int COPY_CHUNK = 50_000;
    private static final HexFormat HEX = HexFormat.of();

    private Proofs() {
    }

    /** An inclusion proof of leaf {@code a} in the tree of size {@code b}, or a consistency proof from a to b. */
    private record Ask(boolean inclusion, long a, long b) {
        String path() {
            return inclusion ? "/api/checkpoints/inclusion?eventId=" + id(a) + "&treeSize=" + b
                    : "/api/checkpoints/consistency?from=" + a + "&to=" + b;
        }
    }

    /** A proof as answered: the leaf hash (inclusion only) and the proof's hashes. */
    private record Answer(byte[] leafHash, List<byte[]> proof) {
    }

    /** How one proof is obtained: over HTTP, or in this process. */
    private interface Prover {
        Answer prove(Ask ask) throws Exception;
    }

    static Map<String, Object> measure(String database) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("loadAverageAtStart", Machine.loadAverage());
        try (Store store = Store.open(database);
             ServiceProcess command = Benchmark.start(store, Service.COMMAND_SIDE, "proofs-command")) {
            long start = System.nanoTime();
            List<byte[]> leaves = fill(store);
            figures.put("syntheticLeaves", LEAVES);
            figures.put("fillSeconds", Benchmark.round((System.nanoTime() - start) / 1e9));
            try (ServiceProcess query = Benchmark.start(store, Service.QUERY_SIDE, "proofs-query")) {
                Api reader = new Api(query.baseUrl(), "admin", Benchmark.PASSWORD);
                long size = LEAVES + store.queryLong("SELECT COUNT(*) FROM domain_event_entry");
                JsonNode checkpoint = awaitCheckpoint(reader, size);
                leaves.addAll(leafHashesFrom(store, LEAVES));
                MerkleTree.HashSource tree = MerkleTree.HashSource.ofLeaves(leaves);
                figures.put("treeSize", size);
                figures.put("checkpointRootMatches", checkpoint.path("rootHash").asText()
                        .equals(HEX.formatHex(MerkleTree.root(size, tree))));
                Random random = new Random(11);
                List<Ask> inclusions = asks(random, true, size);
                List<Ask> consistencies = asks(random, false, size);
                Prover http = ask -> answer(reader.get(ask.path()), ask);
                measure(figures, "http", http, inclusions, consistencies, leaves, tree);
                try (Connection c = store.connect()) {
                    Prover inProcess = ask -> inProcess(c, ask);
                    measure(figures, "inProcess", inProcess, inclusions, consistencies, leaves, tree);
                }
            }
        }
        figures.put("targetP99Ms", TARGET_P99_MS);
        figures.put("loadAverageAtEnd", Machine.loadAverage());
        Benchmark.log("log proofs: " + figures);
        return figures;
    }

    static String id(long leaf) {
        return "synthetic-" + leaf;
    }

    /**
     * Leaves 0 .. LEAVES-1 and every complete subtree above them, by COPY into log_leaf and log_node while no query
     * side runs; answers the leaf hashes in order.
     */
    private static List<byte[]> fill(Store store) throws Exception {
        List<byte[]> leaves = new ArrayList<>(LEAVES + 16);
        IncrementalTree tree = new IncrementalTree();
        try (Connection c = store.connect()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int done = 0; done < LEAVES; done += COPY_CHUNK) {
                StringBuilder leafRows = new StringBuilder();
                StringBuilder nodeRows = new StringBuilder();
                for (int i = done; i < Math.min(LEAVES, done + COPY_CHUNK); i++) {
                    byte[] leaf = MerkleTree.leafHash(id(i).getBytes(StandardCharsets.UTF_8));
                    leaves.add(leaf);
                    for (IncrementalTree.Node node : tree.append(leaf)) {
                        if (node.level() == 0) {
                            leafRows.append(i).append('\t').append(id(i)).append("\t\\\\x")
                                    .append(HEX.formatHex(leaf)).append('\n');
                        } else {
                            nodeRows.append(node.level()).append('\t').append(node.index()).append("\t\\\\x")
                                    .append(HEX.formatHex(node.hash())).append('\n');
                        }
                    }
                }
                copy.copyIn("COPY log_leaf (leaf_index, event_identifier, leaf_hash) FROM STDIN",
                        new StringReader(leafRows.toString()));
                copy.copyIn("COPY log_node (tree_level, node_index, hash) FROM STDIN",
                        new StringReader(nodeRows.toString()));
            }
            c.createStatement().execute("ANALYZE log_leaf, log_node");
        }
        Benchmark.log("loaded a log of " + LEAVES + " synthetic leaves");
        return leaves;
    }

    /** The newest checkpoint once the issuer has signed the tree of this size. */
    private static JsonNode awaitCheckpoint(Api reader, long size) throws InterruptedException {
        long deadline = System.nanoTime() + Benchmark.CATCH_UP_LIMIT_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> latest = reader.get("/api/checkpoints/latest");
            if (latest.statusCode() == 200 && Benchmark.json(latest).path("treeSize").asLong() == size) {
                return Benchmark.json(latest);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no checkpoint of tree size " + size + " within the catch-up limit");
    }

    /** The hashes of the leaves from this index on (the store's own events, logged by the query side). */
    private static List<byte[]> leafHashesFrom(Store store, long from) throws SQLException {
        List<byte[]> hashes = new ArrayList<>();
        try (Connection c = store.connect(); PreparedStatement select = c.prepareStatement(
                "SELECT leaf_hash FROM log_leaf WHERE leaf_index >= ? ORDER BY leaf_index")) {
            select.setLong(1, from);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    hashes.add(rs.getBytes(1));
                }
            }
        }
        return hashes;
    }

    /**
     * Warm-up plus measured requests: inclusion of a random synthetic leaf in a random larger tree, or consistency
     * between two random sizes.
     */
    private static List<Ask> asks(Random random, boolean inclusion, long size) {
        List<Ask> asks = new ArrayList<>();
        for (int i = 0; i < WARMUP + REQUESTS; i++) {
            long a = inclusion ? random.nextInt(LEAVES) : random.nextLong(size + 1);
            long b = inclusion ? a + 1 + random.nextLong(size - a) : a + random.nextLong(size - a + 1);
            asks.add(new Ask(inclusion, a, b));
        }
        return asks;
    }

    private static void measure(Map<String, Object> figures, String how, Prover prover, List<Ask> inclusions,
                                List<Ask> consistencies, List<byte[]> leaves, MerkleTree.HashSource tree)
            throws Exception {
        int failed = 0;
        for (List<Ask> asks : List.of(inclusions, consistencies)) {
            Recorder recorder = new Recorder();
            for (int i = 0; i < asks.size(); i++) {
                Ask ask = asks.get(i);
                long begin = System.nanoTime();
                Answer answer = prover.prove(ask);
                long micros = (System.nanoTime() - begin) / 1000;
                if (i >= WARMUP) {
                    recorder.latency(micros);
                }
                failed += verifies(ask, answer, leaves, tree) ? 0 : 1;
            }
            String kind = asks.get(0).inclusion() ? "Inclusion" : "Consistency";
            for (int percentile : new int[] {50, 90, 99}) {
                figures.put(how + kind + "P" + percentile + "Ms", Benchmark.round(recorder.latencyMillis(percentile)));
            }
        }
        figures.put(how + "Requests", inclusions.size() + consistencies.size());
        figures.put(how + "NotVerified", failed);
    }

    private static boolean verifies(Ask ask, Answer answer, List<byte[]> leaves, MerkleTree.HashSource tree) {
        if (ask.inclusion()) {
            byte[] leaf = leaves.get((int) ask.a());
            return Arrays.equals(leaf, answer.leafHash()) && MerkleTree.verifyInclusion(ask.a(), ask.b(), leaf,
                    answer.proof(), MerkleTree.root(ask.b(), tree));
        }
        return MerkleTree.verifyConsistency(ask.a(), ask.b(), MerkleTree.root(ask.a(), tree),
                MerkleTree.root(ask.b(), tree), answer.proof());
    }

    /** The service's answer; one that does not say what was asked has no proof (and so does not verify). */
    private static Answer answer(HttpResponse<String> response, Ask ask) {
        JsonNode json = Benchmark.json(response);
        boolean asked = response.statusCode() == 200 && (ask.inclusion()
                ? json.path("leafIndex").asLong(-1) == ask.a() && json.path("treeSize").asLong(-1) == ask.b()
                : json.path("from").asLong(-1) == ask.a() && json.path("to").asLong(-1) == ask.b());
        if (!asked) {
            Benchmark.log("GET " + ask.path() + " -> " + response.statusCode() + " " + response.body());
            return new Answer(null, null);
        }
        List<byte[]> proof = new ArrayList<>();
        json.path("proof").forEach(hash -> proof.add(HEX.parseHex(hash.asText())));
        return new Answer(ask.inclusion() ? HEX.parseHex(json.path("leafHash").asText()) : null, proof);
    }

    /**
     * What LogProofs does for one proof, statement for statement: the log's size, for an inclusion the event's leaf
     * index, then one read of the leaves and one of the inner nodes the proof needs (learned by running the proof
     * once against placeholders, as LogStore.withNodes does).
     */
    private static Answer inProcess(Connection c, Ask ask) throws SQLException {
        long size = single(c, "SELECT MAX(leaf_index) FROM log_leaf", List.of()) + 1;
        if (ask.b() > size) {
            throw new IllegalStateException("the log holds " + size + " leaves; asked " + ask.path());
        }
        if (!ask.inclusion()) {
            return new Answer(null, withNodes(c, s -> MerkleTree.consistencyProof(ask.a(), ask.b(), s)));
        }
        long index = single(c, "SELECT leaf_index FROM log_leaf WHERE event_identifier = ?", List.of(id(ask.a())));
        List<byte[]> hashes = withNodes(c, s -> {
            List<byte[]> leafAndProof = new ArrayList<>();
            leafAndProof.add(s.completeSubtree(0, index));
            leafAndProof.addAll(MerkleTree.inclusionProof(index, ask.b(), s));
            return leafAndProof;
        });
        return new Answer(hashes.get(0), hashes.subList(1, hashes.size()));
    }

    private static <T> T withNodes(Connection c, Function<MerkleTree.HashSource, T> computation) throws SQLException {
        Set<List<Long>> wanted = new LinkedHashSet<>();
        byte[] placeholder = new byte[MerkleTree.HASH_LENGTH];
        computation.apply((level, index) -> {
            wanted.add(List.of((long) level, index));
            return placeholder;
        });
        List<Object> leaves = wanted.stream().filter(n -> n.get(0) == 0).map(n -> (Object) n.get(1)).toList();
        List<Object> inner = wanted.stream().filter(n -> n.get(0) > 0).flatMap(List::stream).map(n -> (Object) n)
                .toList();
        Map<List<Long>, byte[]> found = new HashMap<>();
        if (!leaves.isEmpty()) {
            read(c, "SELECT 0, leaf_index, leaf_hash FROM log_leaf WHERE leaf_index IN ("
                    + String.join(", ", Collections.nCopies(leaves.size(), "?")) + ")", leaves, found);
        }
        if (!inner.isEmpty()) {
            read(c, "SELECT tree_level, node_index, hash FROM log_node WHERE "
                    + Collections.nCopies(inner.size() / 2, "(tree_level = ? AND node_index = ?)").stream()
                    .collect(Collectors.joining(" OR ")), inner, found);
        }
        return computation.apply((level, index) -> found.get(List.of((long) level, index)));
    }

    private static void read(Connection c, String sql, List<Object> parameters, Map<List<Long>, byte[]> found)
            throws SQLException {
        try (PreparedStatement select = prepare(c, sql, parameters); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                found.put(List.of(rs.getLong(1), rs.getLong(2)), rs.getBytes(3));
            }
        }
    }

    private static long single(Connection c, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement select = prepare(c, sql, parameters); ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }
}
