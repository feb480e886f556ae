package com.precautionfirst.query.log;

import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import com.precautionfirst.support.access.AccessLog;
import com.precautionfirst.support.access.AccessLogChain;
import com.precautionfirst.support.log.ClientChainRows;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.IncrementalTree;
import com.precautionfirst.verifier.LeafEncoding;
import com.precautionfirst.verifier.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Someone with full access to the database and this project's code, but not the signing key: edits rows and then
 * recomputes every hash the database holds with our own functions, so that nothing stored contradicts the edit. On
 * PostgreSQL a superuser first switches the append-only triggers off for the session (README: what a superuser can
 * still do).
 */
final class Attacker implements AutoCloseable {

    private final SingleConnectionDataSource connection;
    private final JdbcTemplate sql;

    Attacker(LogOnADatabase db, boolean postgres) {
        try {
            connection = new SingleConnectionDataSource(db.dataSource.getConnection(), true);
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        sql = new JdbcTemplate(connection);
        if (postgres) {
            sql.execute("SET session_replication_role = replica");
        }
    }

    void rewritePayload(String eventIdentifier, String payloadJson) {
        sql.update("UPDATE domain_event_entry SET payload = ? WHERE event_identifier = ?",
                payloadJson.getBytes(StandardCharsets.UTF_8), eventIdentifier);
    }

    void deleteEvent(String eventIdentifier) {
        sql.update("DELETE FROM domain_event_entry WHERE event_identifier = ?", eventIdentifier);
    }

    /** Removes the leaves from this index on (and so the newest events from the log). */
    void removeLeavesFrom(long index) {
        sql.update("DELETE FROM log_leaf WHERE leaf_index >= ?", index);
    }

    void deleteCheckpointsLargerThan(long treeSize) {
        sql.update("DELETE FROM log_checkpoint WHERE tree_size > ?", treeSize);
    }

    /** Puts an event (already in the store) into the log at this index, moving the later leaves up by one. */
    void insertLeafAt(long index, String eventIdentifier) {
        List<String> order = leafOrder();
        order.add((int) index, eventIdentifier);
        rewriteLeafOrder(order);
    }

    void swapLeaves(int first, int second) {
        List<String> order = leafOrder();
        String moved = order.get(first);
        order.set(first, order.get(second));
        order.set(second, moved);
        rewriteLeafOrder(order);
    }

    /**
     * Every stored leaf hash recomputed from the stored events, every stored subtree from those, and the client
     * chains (entries and heads) rebuilt from the events as the log would have written them.
     */
    void recomputeEveryHash() {
        List<Object[]> leaves = new ArrayList<>();
        IncrementalTree tree = new IncrementalTree();
        List<Object[]> nodes = new ArrayList<>();
        List<ClientEntry> entries = new ArrayList<>();
        sql.query("SELECT l.leaf_index, " + EventStoreRows.columnsOf("e") + " FROM log_leaf l "
                + "JOIN domain_event_entry e ON e.event_identifier = l.event_identifier ORDER BY l.leaf_index", rs -> {
                    StoredEvent event = EventStoreRows.row(rs, 2);
                    byte[] leaf = MerkleTree.leafHash(LeafEncoding.encode(LogStore.logEvent(event)));
                    leaves.add(new Object[] {leaf, rs.getLong(1)});
                    tree.append(leaf).stream().filter(n -> n.level() > 0)
                            .forEach(n -> nodes.add(new Object[] {n.level(), n.index(), n.hash()}));
                    ClientEntry.of(LogStore.logEvent(event), rs.getLong(1)).ifPresent(entries::add);
                });
        sql.batchUpdate("UPDATE log_leaf SET leaf_hash = ? WHERE leaf_index = ?", leaves);
        sql.update("DELETE FROM log_node");
        sql.batchUpdate("INSERT INTO log_node (tree_level, node_index, hash) VALUES (?, ?, ?)", nodes);
        sql.update("DELETE FROM log_client_entry");
        sql.update("DELETE FROM log_client_head");
        ClientChainRows.append(sql, entries);
    }

    /** Removes the newest entry of the client's chain, and leaves its head alone. */
    void deleteLastChainEntry(String clientId) {
        sql.update("DELETE FROM log_client_entry WHERE client_id = ? AND client_seq = "
                + "(SELECT MAX(client_seq) FROM log_client_entry WHERE client_id = ?)", clientId, clientId);
    }

    /** Changes one byte of the stored bytes of entry {@code seq} (from 1) of the client's chain. */
    void changeAByteOfChainEntry(String clientId, long seq) {
        byte[] entry = sql.queryForObject("SELECT entry FROM log_client_entry WHERE client_id = ? AND client_seq = ?",
                byte[].class, clientId, seq);
        entry[entry.length - 1] ^= 1;
        sql.update("UPDATE log_client_entry SET entry = ? WHERE client_id = ? AND client_seq = ?", entry, clientId,
                seq);
    }

    /** Removes the client's stored head, and leaves its entries alone. */
    void deleteHead(String clientId) {
        sql.update("DELETE FROM log_client_head WHERE client_id = ?", clientId);
    }

    /** Changes one byte of the chain hash of the client's stored head. */
    void changeAByteOfHead(String clientId) {
        byte[] head = sql.queryForObject("SELECT chain_hash FROM log_client_head WHERE client_id = ?", byte[].class,
                clientId);
        head[0] ^= 1;
        sql.update("UPDATE log_client_head SET chain_hash = ? WHERE client_id = ?", head, clientId);
    }

    /**
     * Makes the access log say someone else read the record at this position, and recomputes the access log's chain
     * from there to its head with our own hash function, so that its own verification finds nothing.
     */
    void rewriteAccessLogEntry(long position) {
        String previous = sql.queryForObject("SELECT previous_hash FROM access_log WHERE chain_position = ?",
                String.class, position);
        List<AccessLog.Entry> entries = sql.query("SELECT chain_position, read_at_micros, user_id, role, client_id, "
                + "session_id, endpoint, outcome FROM access_log WHERE chain_position >= ? ORDER BY chain_position",
                (rs, i) -> new AccessLog.Entry(rs.getLong(1), AccessLogChain.instant(rs.getLong(2)),
                        i == 0 ? "therapist-b" : rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), null, null), position);
        for (AccessLog.Entry entry : entries) {
            String hash = AccessLogChain.hash(previous, entry);
            sql.update("UPDATE access_log SET user_id = ?, previous_hash = ?, hash = ? WHERE chain_position = ?",
                    entry.userId(), previous, hash, entry.position());
            sql.update("UPDATE access_log_head SET last_hash = ? WHERE last_position = ?", hash, entry.position());
            previous = hash;
        }
    }

    private List<String> leafOrder() {
        return new ArrayList<>(sql.queryForList("SELECT event_identifier FROM log_leaf ORDER BY leaf_index",
                String.class));
    }

    private void rewriteLeafOrder(List<String> order) {
        sql.update("DELETE FROM log_leaf");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            rows.add(new Object[] {i, order.get(i), new byte[32]});
        }
        sql.batchUpdate("INSERT INTO log_leaf (leaf_index, event_identifier, leaf_hash) VALUES (?, ?, ?)", rows);
        recomputeEveryHash();
    }

    @Override
    public void close() {
        connection.destroy();
    }
}
