package com.precautionfirst.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.precautionfirst.testsupport.Api;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.postgresql.PGConnection;

/**
 * History reads of one client with many sessions while the store holds a small and then a large number of events.
 * The filler events are registrations of other clients, copied in the stored format from a real one and loaded
 * with COPY; the query side then projects them like any other event before the reads are timed.
 */
final class History {

    private static final int COPY_CHUNK = 50_000;

    private History() {
    }

    static Map<String, Object> measure(Store store, Workload workload, Commands.Users users, Api reader,
                                       ExecutorService probes) throws Exception {
        String clientId = "history-" + UUID.randomUUID().toString().substring(0, 8);
        Commands commands = Benchmark.commands(users, reader, new Recorder(), probes, Integer.MAX_VALUE, 0);
        if (workload == Workload.TREATMENT_MIX) {
            Workload.prepare(commands, clientId);
            for (int s = 0; s < Benchmark.HISTORY_SESSIONS; s++) {
                Workload.session(commands, clientId, 1);
            }
        } else {
            Workload.register(commands, clientId);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sessions", workload == Workload.TREATMENT_MIX ? Benchmark.HISTORY_SESSIONS : 0);
        double smallP99 = Double.NaN;
        for (int target : List.of(Benchmark.SMALL_STORE, Benchmark.LARGE_STORE)) {
            long loaded = fill(store, target);
            long start = System.nanoTime();
            long behind = awaitProjected(store);
            double catchUpSeconds = (System.nanoTime() - start) / 1e9;
            Recorder reads = read(reader, clientId);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("events", store.queryLong("SELECT COUNT(*) FROM domain_event_entry"));
            figures.put("loadedByCopy", loaded);
            figures.put("projectionCatchUpSeconds", Benchmark.round(catchUpSeconds));
            figures.put("projectionBehindWhenRead", behind);
            figures.put("readP50Ms", Benchmark.round(reads.latencyMillis(50)));
            figures.put("readP99Ms", Benchmark.round(reads.latencyMillis(99)));
            result.put("store" + target, figures);
            Benchmark.log("history at " + target + " events: " + figures);
            if (Double.isNaN(smallP99)) {
                smallP99 = reads.latencyMillis(99);
            } else {
                result.put("p99Ratio", Math.round(reads.latencyMillis(99) / smallP99 * 1000) / 1000.0);
            }
        }
        return result;
    }

    /** Appends registrations of other clients until the store holds {@code target} events; returns how many. */
    static long fill(Store store, long target) throws Exception {
        long missing = target - store.queryLong("SELECT COUNT(*) FROM domain_event_entry");
        if (missing <= 0) {
            return 0;
        }
        try (Connection c = store.connect()) {
            String type;
            byte[] metaData;
            ObjectNode payload;
            String revision;
            String payloadType;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT type, meta_data, payload, payload_revision, "
                    + "payload_type FROM domain_event_entry WHERE payload_type LIKE '%.ClientRegistered' LIMIT 1")) {
                rs.next();
                type = rs.getString(1);
                metaData = rs.getBytes(2);
                payload = (ObjectNode) Commands.JSON.readTree(rs.getBytes(3));
                revision = rs.getString(4);
                payloadType = rs.getString(5);
            }
            // reserve a block of the global index sequence, as allocation would
            long first;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT nextval('domain_event_global_index_seq')")) {
                rs.next();
                first = rs.getLong(1);
            }
            c.createStatement().execute("SELECT setval('domain_event_global_index_seq', " + (first + missing - 1) + ")");
            HexFormat hex = HexFormat.of();
            String metaHex = "\\\\x" + hex.formatHex(metaData);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            var compact = Commands.JSON.writer().without(SerializationFeature.INDENT_OUTPUT);
            for (long done = 0; done < missing; done += COPY_CHUNK) {
                StringBuilder rows = new StringBuilder();
                String now = Instant.now().toString();
                for (long i = done; i < Math.min(missing, done + COPY_CHUNK); i++) {
                    String id = "filler-" + (first + i);
                    payload.put("clientId", id).put("name", "Filler " + (first + i));
                    rows.append(first + i).append('\t').append(id).append("\t0\t").append(type).append('\t')
                            .append(UUID.randomUUID()).append('\t').append(metaHex).append("\t\\\\x")
                            .append(hex.formatHex(compact.writeValueAsBytes(payload)))
                            .append('\t').append(revision).append('\t').append(payloadType).append('\t').append(now)
                            .append('\n');
                }
                copy.copyIn("COPY domain_event_entry (global_index, aggregate_identifier, sequence_number, type, "
                        + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) FROM STDIN",
                        new StringReader(rows.toString()));
            }
        }
        return missing;
    }

    /**
     * Until every processor's token has passed the newest event, or the limit; returns how many events the
     * slowest token was still behind (0: caught up).
     */
    static long awaitProjected(Store store) throws Exception {
        long newest = store.queryLong("SELECT MAX(global_index) FROM domain_event_entry");
        long deadline = System.nanoTime() + Benchmark.CATCH_UP_LIMIT_SECONDS * 1_000_000_000L;
        long behind = newest;
        while (true) {
            List<Long> positions = new ArrayList<>();
            try (Connection c = store.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT token FROM token_entry WHERE token IS NOT NULL")) {
                while (rs.next()) {
                    JsonNode token = Commands.JSON.readTree(rs.getBytes(1));
                    JsonNode current = token.has("currentToken") ? token.get("currentToken") : token;
                    positions.add(current.path("index").asLong(-1));
                }
            }
            behind = positions.isEmpty() ? newest : Math.max(0, newest - positions.stream().min(Long::compare).get());
            if (behind == 0 || System.nanoTime() > deadline) {
                return behind;
            }
            Thread.sleep(200);
        }
    }

    static Recorder read(Api reader, String clientId) {
        Recorder recorder = new Recorder();
        String path = "/api/clients/" + clientId + "/history";
        for (int i = 0; i < 50 + Benchmark.HISTORY_READS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = reader.get(path);
            long micros = (System.nanoTime() - start) / 1000;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("history read -> " + response.statusCode() + " " + response.body());
            }
            if (i >= 50) {
                recorder.latency(micros);
            }
        }
        return recorder;
    }
}
