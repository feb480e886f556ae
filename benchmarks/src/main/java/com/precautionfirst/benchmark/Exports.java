package com.precautionfirst.benchmark;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.DirectoryUsers;
import com.precautionfirst.testsupport.GcLog;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import com.precautionfirst.verifier.ExportVerification;
import com.precautionfirst.verifier.Keys;
import com.precautionfirst.verifier.Verdict;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * An insurer's export of {@code bench.exportEvents} events (issue 13: 100,000) made by a query side in a heap of
 * {@code bench.exportHeap} (256 MB), in each format: how long it takes, events per second, how soon the first byte
 * comes, and the heap the query side used meanwhile (its collector's log: the most in use when a collection began,
 * and the most still in use after one, against an export many times the heap's size). Each export is then verified
 * here, as the insurer would, so that what is timed is an export that
 * holds exactly the selected events.
 * <p>
 * The store (PostgreSQL, loaded by COPY as {@link History} does) holds one consenting client made through the API as
 * the template, and {@code bench.exportClients} copies of it with their own ids, each with as many sessions as make up
 * the events: every copied event is the template's stored row with the client's, condition's, clearance's and
 * session's ids replaced, and each session starts at its own time within the last day.
 */
final class Exports {

    static final int EVENTS = Integer.getInteger("bench.exportEvents", 100_000);
    static final int CLIENTS = Integer.getInteger("bench.exportClients", 100);
    static final String HEAP = System.getProperty("bench.exportHeap", "256m");
    static final List<String> FORMATS = List.of(System.getProperty("bench.exportFormats", "json,csv,fhir").split(","));
    static final String INSURER = "INS-BENCH";
    private static final String TEMPLATE = "export-template";

    private Exports() {
    }

    static Map<String, Object> measure(String database) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("loadAverageAtStart", Machine.loadAverage());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Store store = Store.open(database);
             ServiceProcess command = Benchmark.start(store, Service.COMMAND_SIDE, "export-command")) {
            Api admin = new Api(command.baseUrl(), "admin", Benchmark.PASSWORD);
            DirectoryUsers.createDemoUsers(admin, Benchmark.PASSWORD);
            Commands commands = new Commands(new Commands.Users(admin, new Api(command.baseUrl(), "therapist-a",
                    Benchmark.PASSWORD)), null, new Recorder(), null, Integer.MAX_VALUE, 0);
            Workload.prepare(commands, TEMPLATE);
            commands.asAdmin(TEMPLATE, "/api/clients/" + TEMPLATE + "/insurance", "{\"insurerId\":\"" + INSURER
                    + "\",\"policyNumber\":\"POL-1\",\"consentToShare\":true}");
            Workload.session(commands, TEMPLATE, 3);
            Template template = Template.read(store);
            int sessions = Math.max(1, (EVENTS / CLIENTS - template.prelude.size()) / template.perSession());
            copy(store, template, sessions, now);
            figures.put("events", store.queryLong("SELECT COUNT(*) FROM domain_event_entry"));
            figures.put("clients", CLIENTS + 1);
            figures.put("sessionsPerClient", sessions);
            figures.put("queryHeap", HEAP);

            try (ServiceProcess query = Benchmark.start(store, Service.QUERY_SIDE, "export-query",
                    List.of("-Xmx" + HEAP, "-XX:+UseSerialGC", GcLog.OPTION))) {
                long total = store.queryLong("SELECT COUNT(*) FROM domain_event_entry");
                Api reader = new Api(query.baseUrl(), "admin", Benchmark.PASSWORD);
                awaitCheckpoint(reader, total, query);
                Path key = Files.createTempFile("bench-export-key", ".pem");
                Files.writeString(key, reader.get("/api/checkpoints/public-key", "Accept", "text/plain").body());
                Instant from = now.minus(2, ChronoUnit.DAYS);
                Instant to = now.plus(1, ChronoUnit.DAYS);
                long selected = -1;
                for (String format : FORMATS) {
                    Map<String, Object> export = export(query, key, format, from, to, selected);
                    selected = (long) export.getOrDefault("eventsExported", selected);
                    figures.put(format, export);
                    Benchmark.log("export " + format + ": " + export);
                }
                figures.put("queryOutOfMemory", query.logText().contains("OutOfMemoryError"));
                Files.deleteIfExists(key);
            }
        }
        figures.put("loadAverageAtEnd", Machine.loadAverage());
        return figures;
    }

    /** One export streamed to a file, timed, its heap read from the GC log, then verified and counted. */
    /**
     * {@code selected}: how many events an export of the range holds, when an export of it in JSON was counted (every
     * valid export of the range holds the same events, whatever its format); else -1.
     */
    private static Map<String, Object> export(ServiceProcess query, Path key, String format, Instant from, Instant to,
                                              long selected) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        Path file = Files.createTempFile("bench-export", "." + format);
        try {
            int logBefore = query.logText().length();
            HttpRequest request = HttpRequest.newBuilder(URI.create(query.baseUrl() + "/api/exports?insurerId="
                            + INSURER + "&from=" + from + "&to=" + to + "&format=" + format))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            ("admin:" + Benchmark.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofMinutes(30)).GET().build();
            long start = System.nanoTime();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            long firstByte = 0;
            long bytes = 0;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (firstByte == 0 && n > 0) {
                        firstByte = System.nanoTime();
                    }
                    out.write(buffer, 0, n);
                    bytes += n;
                }
            }
            long end = System.nanoTime();
            if (response.statusCode() == 400 && Files.readString(file).contains("\"format\"")) {
                figures.put("notAvailable", "the query side answers 400 to format=" + format);
                return figures;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("export " + format + " -> " + response.statusCode() + " "
                        + Files.readString(file));
            }
            GcLog.Pauses heap = GcLog.pauses(query.logText().substring(logBefore));
            long verifyStart = System.nanoTime();
            Verdict verdict;
            try (InputStream in = Files.newInputStream(file)) {
                verdict = ExportVerification.verify(in, List.of(Keys.publicKeyFromPem(Files.readString(key))));
            }
            double seconds = (end - start) / 1e9;
            long events = format.equals("json") ? countEvents(file) : verdict.valid() ? selected : -1;
            figures.put("from", from.toString());
            figures.put("to", to.toString());
            figures.put("seconds", Benchmark.round(seconds));
            figures.put("firstByteMs", Benchmark.round((firstByte - start) / 1e6));
            figures.put("megabytes", Benchmark.round(bytes / 1e6));
            if (events >= 0) {
                figures.put("eventsExported", events);
                figures.put("eventsPerSecond", Benchmark.round(events / seconds));
            }
            figures.put("peakHeapInUseMb", heap.peakBeforeMegabytes());
            figures.put("peakHeapAfterCollectionMb", heap.peakAfterMegabytes());
            figures.put("collections", heap.collections());
            figures.put("verifiedValid", verdict.valid());
            figures.put("verifySeconds", Benchmark.round((System.nanoTime() - verifyStart) / 1e9));
            if (!verdict.valid()) {
                figures.put("firstProblem", verdict.problems().get(0).line());
            }
            return figures;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The selected events of a JSON export: the members "leafIndex" of its clients' events. */
    private static long countEvents(Path file) throws Exception {
        long events = 0;
        try (JsonParser parser = Commands.JSON.createParser(file.toFile())) {
            for (JsonToken token; (token = parser.nextToken()) != null; ) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals("leafIndex")
                        && parser.getParsingContext().getParent().getParent().getCurrentName().equals("events")) {
                    events++;
                }
            }
        }
        return events;
    }

    /** Until a signed checkpoint covers the whole store (the export is made against the newest). */
    private static void awaitCheckpoint(Api reader, long treeSize, ServiceProcess query) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(Benchmark.CATCH_UP_LIMIT_SECONDS).toNanos();
        while (System.nanoTime() < deadline) {
            if (!query.isAlive()) {
                throw new IllegalStateException("the query side exited:\n" + query.logTail());
            }
            HttpResponse<String> latest = reader.get("/api/checkpoints/latest");
            if (latest.statusCode() == 200 && Benchmark.json(latest).path("treeSize").asLong() >= treeSize) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("no checkpoint of " + treeSize + " leaves within the catch-up limit");
    }

    /** The template client's stored rows: those of its stream before its first session, and one session's. */
    private record Template(List<Row> prelude, Row approval, List<Row> session, Map<String, String> ids) {

        int perSession() {
            return 1 + session.size();
        }

        static Template read(Store store) throws Exception {
            List<Row> client = rows(store, TEMPLATE);
            int approval = 0;
            while (!client.get(approval).payloadType.endsWith(".SessionStartApproved")) {
                approval++;
            }
            String payload = client.get(approval).payload;
            String sessionId = Benchmark.json(payload).path("sessionId").asText();
            Map<String, String> ids = new LinkedHashMap<>();
            ids.put("session", sessionId);
            ids.put("clearance", Benchmark.json(payload).path("clearanceId").asText());
            ids.put("startedAt", Benchmark.json(payload).path("startedAt").asText());
            for (Row row : client) {
                if (row.payloadType.endsWith(".ConditionDeclared")) {
                    ids.put("condition", Benchmark.json(row.payload).path("conditionId").asText());
                }
            }
            return new Template(client.subList(0, approval), client.get(approval), rows(store, sessionId), ids);
        }

        private static List<Row> rows(Store store, String aggregate) throws Exception {
            List<Row> rows = new ArrayList<>();
            try (Connection c = store.connect(); var statement = c.prepareStatement("SELECT type, meta_data, payload, "
                    + "payload_revision, payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                    + "ORDER BY sequence_number")) {
                statement.setString(1, aggregate);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getBytes(2), new String(rs.getBytes(3),
                                StandardCharsets.UTF_8), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return rows;
        }
    }

    private record Row(String type, byte[] metaData, String payload, String revision, String payloadType) {
    }

    /** {@link #CLIENTS} copies of the template, each with {@code sessions} sessions, loaded by COPY. */
    private static void copy(Store store, Template template, int sessions, Instant now) throws Exception {
        long perClient = template.prelude.size() + (long) sessions * template.perSession();
        long count = perClient * CLIENTS;
        try (Connection c = store.connect()) {
            long first;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT nextval('domain_event_global_index_seq')")) {
                rs.next();
                first = rs.getLong(1);
            }
            c.createStatement().execute("SELECT setval('domain_event_global_index_seq', " + (first + count - 1) + ")");
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long index = first;
            Instant start = now.minus(1, ChronoUnit.DAYS);
            Duration apart = Duration.ofDays(1).dividedBy(sessions);
            for (int client = 0; client < CLIENTS; client++) {
                StringBuilder rows = new StringBuilder();
                String clientId = "export-c" + client;
                Map<String, String> replace = new LinkedHashMap<>();
                replace.put(TEMPLATE, clientId);
                replace.put(template.ids.get("condition"), "cond-" + clientId);
                replace.put(template.ids.get("clearance"), "clr-" + clientId);
                long sequence = 0;
                for (Row row : template.prelude) {
                    append(rows, index++, clientId, sequence++, row, replace);
                }
                for (int s = 0; s < sessions; s++) {
                    String sessionId = clientId + "-s" + s;
                    replace.put(template.ids.get("session"), sessionId);
                    replace.put(template.ids.get("startedAt"), start.plus(apart.multipliedBy(s)).toString());
                    append(rows, index++, clientId, sequence++, template.approval, replace);
                    long inSession = 0;
                    for (Row row : template.session) {
                        append(rows, index++, sessionId, inSession++, row, replace);
                    }
                }
                copy.copyIn("COPY domain_event_entry (global_index, aggregate_identifier, sequence_number, type, "
                        + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) FROM STDIN",
                        new StringReader(rows.toString()));
            }
        }
    }

    private static void append(StringBuilder rows, long index, String aggregate, long sequence, Row row,
                               Map<String, String> replace) {
        String payload = row.payload;
        for (Map.Entry<String, String> id : replace.entrySet()) {
            payload = payload.replace(id.getKey(), id.getValue());
        }
        HexFormat hex = HexFormat.of();
        rows.append(index).append('\t').append(aggregate).append('\t').append(sequence).append('\t').append(row.type)
                .append('\t').append(UUID.randomUUID()).append('\t')
                .append(row.metaData == null ? "\\N" : "\\\\x" + hex.formatHex(row.metaData))
                .append("\t\\\\x").append(hex.formatHex(payload.getBytes(StandardCharsets.UTF_8))).append('\t')
                .append(row.revision == null ? "\\N" : row.revision).append('\t').append(row.payloadType).append('\t')
                .append(Instant.now())
                .append('\n');
    }
}
