package com.precautionfirst.query.log;

import com.precautionfirst.verifier.ClientChain;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.ClientMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The client chains of the signed log (decision 0060, tables of V72) as of any tree size the log has reached: the
 * client map a checkpoint of that size signs, and one client's entries up to it. What an export against a checkpoint
 * carries for each client: {@code mapAt(checkpoint.treeSize()).proof(clientId, checkpoint.treeSize())} and
 * {@code entries(clientId, checkpoint.treeSize())}.
 *
 * <p>The heads as of a size are the stored heads, except for a client whose head has moved on to a leaf at or past
 * that size: its head is then the last of its stored entries below the size (entries only grow, in leaf order).
 * So the answer does not depend on what the log processor commits meanwhile, with no isolation level needed: every
 * leaf below the size was committed, with its entry and head, before the size could be read. The issuer reads the
 * newest size this way every few seconds (one row per client); an export against an older checkpoint reads the same
 * way, so both give the root the checkpoint signed.
 */
@Component
public class ClientChains {

    private static final int CHUNK = 400;
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;

    public ClientChains(JdbcTemplate jdbc) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(1000);
    }

    /** The client map as of the tree of {@code treeSize} leaves: every client's head over its entries below it. */
    public ClientMap mapAt(long treeSize) {
        List<ClientChain.Head> heads = new ArrayList<>();
        List<String> movedOn = new ArrayList<>();
        jdbc.query("SELECT client_id, entry_count, chain_hash, last_leaf_index FROM log_client_head", rs -> {
            if (rs.getLong(4) < treeSize) {
                heads.add(new ClientChain.Head(rs.getString(1), rs.getLong(2), rs.getBytes(3)));
            } else {
                movedOn.add(rs.getString(1));
            }
        });
        for (int from = 0; from < movedOn.size(); from += CHUNK) {
            List<String> chunk = movedOn.subList(from, Math.min(movedOn.size(), from + CHUNK));
            List<Object> args = new ArrayList<>(chunk);
            args.add(treeSize);
            args.add(treeSize);
            jdbc.query("SELECT e.client_id, e.client_seq, e.chain_hash FROM log_client_entry e WHERE e.client_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") AND e.leaf_index < ? "
                    + "AND NOT EXISTS (SELECT 1 FROM log_client_entry n WHERE n.client_id = e.client_id "
                    + "AND n.client_seq = e.client_seq + 1 AND n.leaf_index < ?)", rs -> {
                        heads.add(new ClientChain.Head(rs.getString(1), rs.getLong(2), rs.getBytes(3)));
                    }, args.toArray());
        }
        return ClientMap.of(heads);
    }

    /**
     * Whether the stored chains lead from the map of {@code earlierSize} to the map of {@code size}: every client's
     * entries with a leaf in between, read in chain order, continue its head in {@code earlier} one by one (the next
     * number, the chain hash recomputed from the entry's bytes equal to the stored one) and end in its head in
     * {@code later}; a client without such entries has the same head in both. What the issuer checks before it signs
     * {@code later}, as it checks a consistency proof for the tree: reads only the entries logged in between.
     *
     * @return null when they do; else what does not
     */
    public String leadFrom(ClientMap earlier, long earlierSize, ClientMap later, long size) {
        Map<String, ClientChain.Head> grown = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        jdbc.query("SELECT client_id, client_seq, entry, chain_hash FROM log_client_entry WHERE leaf_index >= ? "
                + "AND leaf_index < ? ORDER BY client_id, client_seq", rs -> {
                    String client = rs.getString(1);
                    ClientChain.Head head = grown.computeIfAbsent(client,
                            c -> earlier.head(c).orElse(ClientChain.Head.start(c))).then(rs.getBytes(3));
                    grown.put(client, head);
                    if (wrong.isEmpty() && (head.count() != rs.getLong(2)
                            || !Arrays.equals(head.chainHash(), rs.getBytes(4)))) {
                        wrong.add("entry " + rs.getLong(2) + " of client " + client + " does not continue its chain "
                                + "(it would be entry " + head.count() + ", chain " + HEX.formatHex(head.chainHash())
                                + ")");
                    }
                }, earlierSize, size);
        if (!wrong.isEmpty()) {
            return wrong.get(0);
        }
        for (ClientChain.Head head : earlier.heads()) {
            grown.putIfAbsent(head.clientId(), head);
        }
        if (grown.size() != later.clients()) {
            return "the map of tree size " + size + " has " + later.clients() + " clients, but the chains give "
                    + grown.size();
        }
        for (ClientChain.Head head : later.heads()) {
            if (!head.equals(grown.get(head.clientId()))) {
                return "the head of client " + head.clientId() + " (count " + head.count() + ", chain "
                        + HEX.formatHex(head.chainHash()) + ") is not where its chain leads from tree size "
                        + earlierSize + " to " + size;
            }
        }
        return null;
    }

    /**
     * The client's entries whose leaf is below {@code treeSize}, in chain order: every event of the client the tree
     * of that size holds, without content.
     *
     * @throws IllegalStateException if a stored entry is not one (changed in the database; the log's verification
     *                               names it)
     */
    public List<ClientEntry> entries(String clientId, long treeSize) {
        return jdbc.query("SELECT client_seq, entry FROM log_client_entry WHERE client_id = ? AND leaf_index < ? "
                + "ORDER BY client_seq", (rs, i) -> {
                    try {
                        return ClientEntry.decode(clientId, rs.getBytes(2));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalStateException("entry " + rs.getLong(1) + " of client " + clientId
                                + " as stored is not an entry (" + e.getMessage() + "): GET /api/log/verification");
                    }
                }, clientId, treeSize);
    }
}
