package com.precautionfirst.query.log;

import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import com.precautionfirst.support.access.Access;
import com.precautionfirst.support.access.AccessLog;
import com.precautionfirst.support.access.Outcome;
import com.precautionfirst.support.database.JavaMigrations;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.LeafEncoding;
import com.precautionfirst.verifier.IncrementalTree;
import com.precautionfirst.verifier.ClientChain;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.Verdict;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signed log on a database of its own, as the query side runs it: the log's store fed in the processor's way
 * (one transaction per batch), the checkpoint issuer, the proofs and the verification, and the access log whose head
 * the checkpoints sign. Events are stored rows written as the command side writes them.
 */
final class LogOnADatabase implements AutoCloseable {

    static final String NOTE = "com.precautionfirst.api.events.Note";

    final HikariDataSource dataSource;
    final JdbcTemplate jdbc;
    final DataSourceTransactionManager transactions;
    final Path dataDir;
    final SigningKey key;
    final LogStore store;
    final ClientChains chains;
    final CheckpointStore checkpoints;
    final LogProofs proofs;
    final AccessLog accessLog;
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final String vendor;
    CheckpointIssuer issuer;
    private long sequence;

    LogOnADatabase(String url, String user, String password, String vendor) {
        this.vendor = vendor;
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setMaximumPoolSize(4);
        jdbc = new JdbcTemplate(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .javaMigrations(JavaMigrations.all()).load().migrate();
        dataDir = temporaryFolder();
        key = new SigningKey(new LogProperties(null, true, List.of(), null), dataDir.toString());
        store = new LogStore(jdbc, new EventStoreRows(jdbc));
        chains = new ClientChains(jdbc, transactions);
        checkpoints = new CheckpointStore(jdbc);
        proofs = new LogProofs(store, checkpoints);
        accessLog = new AccessLog(jdbc, transactions, Clock.systemUTC());
        restartIssuer();
    }

    /**
     * Stores an event and logs it as the log did before a migration that backfills tables beside the leaves: its
     * row, then its leaf and the tree's completed nodes ({@code tree} holds the log so far), nothing else.
     */
    static void storeAndLogAsBefore(JdbcTemplate old, IncrementalTree tree, String streamId, long sequence,
                                    String eventId, String payloadType, String payloadJson) {
        old.update("INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type, "
                + "event_identifier, payload, payload_type, time_stamp) VALUES (?, ?, ?, 'ClientRecord', ?, ?, ?, "
                + "'2026-11-25T10:00:00Z')", old.queryForObject("SELECT nextval('domain_event_global_index_seq')",
                Long.class), streamId, sequence, eventId, payloadJson.getBytes(StandardCharsets.UTF_8), payloadType);
        StoredEvent stored = new EventStoreRows(old).byIdentifiers(List.of(eventId)).get(eventId);
        for (IncrementalTree.Node node : tree.append(LeafEncoding.leafHash(LogStore.logEvent(stored)))) {
            if (node.level() == 0) {
                old.update("INSERT INTO log_leaf (leaf_index, event_identifier, leaf_hash) VALUES (?, ?, ?)",
                        node.index(), eventId, node.hash());
            } else {
                old.update("INSERT INTO log_node (tree_level, node_index, hash) VALUES (?, ?, ?)", node.level(),
                        node.index(), node.hash());
            }
        }
    }

    static LogOnADatabase h2() {
        return new LogOnADatabase(h2Url(), "sa", "", "h2");
    }

    /** A new in-memory H2 database, as the embedded default runs it. */
    static String h2Url() {
        return "jdbc:h2:mem:log-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }

    /**
     * Each client's head over the entries of the first {@code treeSize} leaves, recomputed by the verifier's code
     * from the stored events in log order: what the signed client map must commit to.
     */
    List<ClientChain.Head> headsFromTheEvents(long treeSize) {
        Map<String, ClientChain.Head> heads = new LinkedHashMap<>();
        jdbc.query("SELECT l.leaf_index, " + EventStoreRows.columnsOf("e") + " FROM log_leaf l JOIN domain_event_entry"
                + " e ON e.event_identifier = l.event_identifier WHERE l.leaf_index < ? ORDER BY l.leaf_index", rs -> {
                    ClientEntry.of(LogStore.logEvent(EventStoreRows.row(rs, 2)), rs.getLong(1)).ifPresent(entry ->
                            heads.put(entry.clientId(), heads.getOrDefault(entry.clientId(),
                                    ClientChain.Head.start(entry.clientId())).then(entry)));
                }, treeSize);
        return List.copyOf(heads.values());
    }

    /** A new issuer, as after a restart of the query side: it remembers nothing but what the database holds. */
    void restartIssuer() {
        issuer = new CheckpointIssuer(store, chains, checkpoints, key, jdbc, transactions, Clock.systemUTC());
    }

    LogVerification verification() {
        return new LogVerification(jdbc, transactions, checkpoints, issuer, key,
                new LogPosition(jdbc, serializer), store);
    }

    Verdict verify(Checkpoint... kept) {
        return verification().verify(List.of(kept));
    }

    /** The client's events proved against the signed log, as the audit trail's verification does. */
    ClientEvidence evidence() {
        return new ClientEvidence(jdbc, new EventStoreRows(jdbc), store, checkpoints, issuer, key,
                new LogPosition(jdbc, serializer));
    }

    /**
     * Stores an event of the client's stream as the next one in the store, records it in the client's audit chain
     * (its place only: the hashes do not matter here) and logs it (a batch of one).
     */
    String event(String clientId, String payloadJson) {
        return event(clientId, NOTE, payloadJson);
    }

    /** {@link #event(String, String)} of this payload type. */
    String event(String clientId, String payloadType, String payloadJson) {
        String id = "event-" + UUID.randomUUID();
        long index = store(id, clientId, sequence, payloadType, payloadJson);
        jdbc.update("INSERT INTO audit_chain (global_position, client_id, stream_id, sequence_number, event_identifier,"
                + " hash, previous_hash) VALUES (?, ?, ?, ?, ?, ?, ?)", index, clientId, clientId, sequence++, id,
                "0".repeat(64), "0".repeat(64));
        log(id);
        return id;
    }

    /** Stores a row as the command side does; returns its global index. */
    long store(String eventIdentifier, String streamId, long sequenceNumber, String payloadJson) {
        return store(eventIdentifier, streamId, sequenceNumber, NOTE, payloadJson);
    }

    /** {@link #store(String, String, long, String)} of this payload type. */
    long store(String eventIdentifier, String streamId, long sequenceNumber, String payloadType, String payloadJson) {
        long index = jdbc.queryForObject("SELECT nextval('domain_event_global_index_seq')", Long.class);
        jdbc.update("INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type, "
                        + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
                        + "VALUES (?, ?, ?, 'ClientRecord', ?, ?, ?, NULL, ?, ?)",
                index, streamId, sequenceNumber, eventIdentifier,
                "{\"userId\":\"therapist-a\",\"role\":\"THERAPIST\"}".getBytes(StandardCharsets.UTF_8),
                payloadJson.getBytes(StandardCharsets.UTF_8), payloadType,
                "2026-11-25T10:00:0" + (sequenceNumber % 10) + "Z");
        return index;
    }

    /** The log processor's batch: appended in one transaction. */
    void log(String... eventIdentifiers) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> store.append(List.of(eventIdentifiers)));
    }

    /** The log processor's token: it has read the store up to this global index. */
    void logProcessorHasRead(long globalIndex) {
        SerializedObject<byte[]> token = serializer.serialize(GapAwareTrackingToken.newInstance(globalIndex,
                List.of()), byte[].class);
        jdbc.update("INSERT INTO token_entry (processor_name, segment, token, token_type) VALUES (?, 0, ?, ?)",
                LogProjection.PROCESSOR, token.getData(), token.getType().getName());
    }

    Checkpoint checkpoint() {
        return issuer.issue().orElseThrow();
    }

    void read(String clientId) {
        accessLog.append(new Access("auditor", "AUDITOR", clientId, null, "/api/clients/" + clientId + "/history",
                Outcome.ALLOWED));
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("signed-log-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
