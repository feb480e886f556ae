package com.precautionfirst.support.log;

import com.precautionfirst.verifier.ClientChain;
import com.precautionfirst.verifier.ClientEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the client chains of the signed log (decision 0060, tables of V72): each entry as the next row of its
 * client's chain in {@code log_client_entry} (client_seq counting from 1, with the chain hash after it), and the
 * client's head in {@code log_client_head} moved to the last of them. One implementation for the log processor's
 * batches (LogStore) and for the events logged before the chains existed (V72), so both chain alike. Runs in the
 * caller's transaction, which also holds the entries' leaves.
 */
public final class ClientChainRows {

    private static final int CHUNK = 400;

    private ClientChainRows() {
    }

    /**
     * Appends these entries, in log order, to their clients' chains: one read of the heads concerned, then batched
     * inserts and updates.
     */
    public static void append(JdbcTemplate jdbc, List<ClientEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<String> clients = entries.stream().map(ClientEntry::clientId).distinct().toList();
        Map<String, ClientChain.Head> stored = heads(jdbc, clients);
        Map<String, ClientChain.Head> heads = new HashMap<>(stored);
        Map<String, Long> lastLeaf = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>();
        for (ClientEntry entry : entries) {
            byte[] bytes = entry.encode();
            ClientChain.Head head = heads.getOrDefault(entry.clientId(), ClientChain.Head.start(entry.clientId()))
                    .then(bytes);
            heads.put(entry.clientId(), head);
            lastLeaf.put(entry.clientId(), entry.leafIndex());
            rows.add(new Object[] {entry.clientId(), head.count(), entry.leafIndex(), bytes, head.chainHash()});
        }
        jdbc.batchUpdate("INSERT INTO log_client_entry (client_id, client_seq, leaf_index, entry, chain_hash) "
                + "VALUES (?, ?, ?, ?, ?)", rows);
        List<Object[]> moved = new ArrayList<>();
        List<Object[]> started = new ArrayList<>();
        lastLeaf.forEach((client, leaf) -> {
            ClientChain.Head head = heads.get(client);
            (stored.containsKey(client) ? moved : started)
                    .add(new Object[] {head.count(), head.chainHash(), leaf, client});
        });
        jdbc.batchUpdate("UPDATE log_client_head SET entry_count = ?, chain_hash = ?, last_leaf_index = ? "
                + "WHERE client_id = ?", moved);
        jdbc.batchUpdate("INSERT INTO log_client_head (entry_count, chain_hash, last_leaf_index, client_id) "
                + "VALUES (?, ?, ?, ?)", started);
    }

    /** The stored heads of these clients (a client without entries is absent). */
    private static Map<String, ClientChain.Head> heads(JdbcTemplate jdbc, List<String> clients) {
        Map<String, ClientChain.Head> heads = new HashMap<>();
        for (int from = 0; from < clients.size(); from += CHUNK) {
            List<String> chunk = clients.subList(from, Math.min(clients.size(), from + CHUNK));
            jdbc.query("SELECT client_id, entry_count, chain_hash FROM log_client_head WHERE client_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")", rs -> {
                        heads.put(rs.getString(1), new ClientChain.Head(rs.getString(1), rs.getLong(2),
                                rs.getBytes(3)));
                    }, chunk.toArray());
        }
        return heads;
    }
}
