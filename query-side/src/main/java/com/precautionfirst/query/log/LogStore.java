package com.precautionfirst.query.log;

import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import com.precautionfirst.support.log.ClientChainRows;
import com.precautionfirst.support.log.ClientInsurance;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.IncrementalTree;
import com.precautionfirst.verifier.LeafEncoding;
import com.precautionfirst.verifier.LogEvent;
import com.precautionfirst.verifier.MerkleTree;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Merkle log's tables (V55): one leaf per stored event in the order the log processor saw the commits, and
 * every complete subtree above them, so that a root or a proof of any tree size is read in one query; each
 * client event's entry in its client's chain (V72, decision 0060); and each insurance record's consent (V74,
 * decision 0061), by which an export finds its clients. Appends run in the processor's transaction, with
 * its token; the right edge of the tree is kept in memory between batches and dropped when a transaction rolls back
 * or another instance has appended meanwhile.
 */
@Component
public class LogStore {

    private static final int CHUNK = 400;
    private static final int MAX_REMEMBERED = 100;
    private static final Logger log = LoggerFactory.getLogger(LogStore.class);

    private final JdbcTemplate jdbc;
    private final EventStoreRows rows;
    private final List<String> removedBeforeLogging = new ArrayList<>();
    private IncrementalTree edge;
    private Boolean onPostgres;

    public LogStore(JdbcTemplate jdbc, EventStoreRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** The number of leaves. */
    public long size() {
        Long last = jdbc.queryForObject("SELECT MAX(leaf_index) FROM log_leaf", Long.class);
        return last == null ? 0 : last + 1;
    }

    /**
     * Appends a leaf for each of these events, in this order, that the log does not hold yet (a replayed batch adds
     * nothing). Runs in the caller's transaction.
     */
    public synchronized void append(List<String> eventIdentifiers) {
        planEachStatementForItsValues();
        Set<String> pending = new LinkedHashSet<>(eventIdentifiers);
        pending.removeAll(logged(pending));
        if (pending.isEmpty()) {
            return;
        }
        Map<String, StoredEvent> stored = rows.byIdentifiers(pending);
        long size = size();
        if (edge == null || edge.size() != size) {
            edge = withNodes(source -> IncrementalTree.resume(size, source));
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    forgetEdge();
                }
            }
        });
        List<Object[]> leaves = new ArrayList<>();
        List<Object[]> nodes = new ArrayList<>();
        List<ClientEntry> entries = new ArrayList<>();
        List<ClientInsurance> insurance = new ArrayList<>();
        for (String id : pending) {
            StoredEvent event = stored.get(id);
            if (event == null) {
                removedBeforeLogging(id);
                continue;
            }
            LogEvent logged = logEvent(event);
            ClientEntry.of(logged, edge.size()).ifPresent(entries::add);
            ClientInsurance.of(logged, edge.size()).ifPresent(insurance::add);
            for (IncrementalTree.Node node : edge.append(MerkleTree.leafHash(LeafEncoding.encode(logged)))) {
                if (node.level() == 0) {
                    leaves.add(new Object[] {node.index(), id, node.hash()});
                } else {
                    nodes.add(new Object[] {node.level(), node.index(), node.hash()});
                }
            }
        }
        jdbc.batchUpdate("INSERT INTO log_leaf (leaf_index, event_identifier, leaf_hash) VALUES (?, ?, ?)", leaves);
        jdbc.batchUpdate("INSERT INTO log_node (tree_level, node_index, hash) VALUES (?, ?, ?)", nodes);
        ClientChainRows.append(jdbc, entries);
        ClientInsurance.append(jdbc, insurance);
    }

    /**
     * On PostgreSQL, has the batch's statements planned for their values and the tables' sizes now, for the rest of
     * the transaction. The JDBC driver prepares a statement on the server once it ran five times, and the server then
     * settles on a generic plan, which it keeps until the table's statistics change: planned while the log was nearly
     * empty (the start of a replay), "already logged?" (an IN-list of the batch's event identifiers) kept reading all
     * of log_leaf on every batch on a server without autovacuum, however large the log grew. Planning each time costs
     * a fraction of a millisecond per batch and finds the unique index (decision 0055).
     */
    private void planEachStatementForItsValues() {
        if (onPostgres == null) {
            onPostgres = onPostgres(jdbc);
        }
        if (onPostgres) {
            jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        }
    }

    /** Whether the database is PostgreSQL (else the embedded H2): asked of the driver once per caller. */
    static boolean onPostgres(JdbcTemplate jdbc) {
        return jdbc.execute((ConnectionCallback<Boolean>) connection ->
                connection.getMetaData().getDatabaseProductName().equals("PostgreSQL"));
    }

    /**
     * The processor read the event from the store, and now its row is gone: it was deleted before it could be logged.
     * Wedging the log on it would stop every later event from being logged; it is remembered and reported instead.
     */
    private void removedBeforeLogging(String eventIdentifier) {
        log.error("Event {} was read from the store but is no longer there: removed before it was logged",
                eventIdentifier);
        if (removedBeforeLogging.size() < MAX_REMEMBERED) {
            removedBeforeLogging.add(eventIdentifier);
        }
    }

    /** Events this process saw in the store that were gone before it could log them (since it started). */
    public synchronized List<String> removedBeforeLogging() {
        return List.copyOf(removedBeforeLogging);
    }

    private synchronized void forgetEdge() {
        edge = null;
    }

    /** The event as the leaf encoding reads it: every stored column but the global index. */
    public static LogEvent logEvent(StoredEvent event) {
        return new LogEvent(event.eventIdentifier(), event.aggregateType(), event.streamId(), event.sequence(),
                event.timestamp(), event.payloadType(), event.revision(), event.payload(), event.metadata());
    }

    /** The leaf index of each of these events the log holds. */
    public Map<String, Long> leafIndexesOf(List<String> eventIdentifiers) {
        Map<String, Long> leaves = new HashMap<>();
        for (List<String> chunk : chunks(eventIdentifiers)) {
            jdbc.query("SELECT event_identifier, leaf_index FROM log_leaf WHERE event_identifier IN ("
                    + marks(chunk.size()) + ")", rs -> {
                        leaves.put(rs.getString(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return leaves;
    }

    /**
     * The stored events logged as these leaves, by leaf index (a leaf whose event is no longer in the store is absent):
     * what an export holds of a selected event.
     */
    public Map<Long, LogEvent> eventsAt(Collection<Long> leafIndexes) {
        Map<Long, LogEvent> events = new HashMap<>();
        for (List<Long> chunk : chunks(List.copyOf(leafIndexes))) {
            jdbc.query("SELECT l.leaf_index, " + EventStoreRows.columnsOf("e") + " FROM log_leaf l "
                    + "JOIN domain_event_entry e ON e.event_identifier = l.event_identifier WHERE l.leaf_index IN ("
                    + marks(chunk.size()) + ")", rs -> {
                        events.put(rs.getLong(1), logEvent(EventStoreRows.row(rs, 2)));
                    }, chunk.toArray());
        }
        return events;
    }

    /**
     * Runs a computation over the stored tree (a root, a proof) with one read of the nodes it needs: it is run once
     * against placeholder hashes to learn which complete subtrees it asks for (which never depends on their values),
     * then again against the stored ones.
     */
    public <T> T withNodes(Function<MerkleTree.HashSource, T> computation) {
        Set<NodeId> wanted = new LinkedHashSet<>();
        byte[] placeholder = new byte[32];
        computation.apply((level, index) -> {
            wanted.add(new NodeId(level, index));
            return placeholder;
        });
        Map<NodeId, byte[]> found = read(wanted);
        return computation.apply((level, index) -> {
            byte[] hash = found.get(new NodeId(level, index));
            if (hash == null) {
                throw new IllegalStateException("the log has no node at level " + level + ", index " + index);
            }
            return hash;
        });
    }

    private Map<NodeId, byte[]> read(Collection<NodeId> ids) {
        Map<NodeId, byte[]> found = new HashMap<>();
        List<NodeId> leaves = ids.stream().filter(n -> n.level() == 0).toList();
        List<NodeId> inner = ids.stream().filter(n -> n.level() > 0).toList();
        for (List<NodeId> chunk : chunks(leaves)) {
            jdbc.query("SELECT leaf_index, leaf_hash FROM log_leaf WHERE leaf_index IN (" + marks(chunk.size()) + ")",
                    rs -> {
                        found.put(new NodeId(0, rs.getLong(1)), rs.getBytes(2));
                    }, chunk.stream().map(NodeId::index).toArray());
        }
        for (List<NodeId> chunk : chunks(inner)) {
            String where = chunk.stream().map(n -> "(tree_level = ? AND node_index = ?)")
                    .collect(Collectors.joining(" OR "));
            jdbc.query("SELECT tree_level, node_index, hash FROM log_node WHERE " + where,
                    rs -> {
                        found.put(new NodeId(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
                    }, chunk.stream().flatMap(n -> List.<Object>of(n.level(), n.index()).stream()).toArray());
        }
        return found;
    }

    private Set<String> logged(Collection<String> eventIdentifiers) {
        Set<String> logged = new HashSet<>();
        for (List<String> chunk : chunks(List.copyOf(eventIdentifiers))) {
            logged.addAll(jdbc.queryForList("SELECT event_identifier FROM log_leaf WHERE event_identifier IN ("
                    + marks(chunk.size()) + ")", String.class, chunk.toArray()));
        }
        return logged;
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private record NodeId(int level, long index) {
    }
}
