package com.precautionfirst.query.log;

import com.precautionfirst.verifier.ClientChain;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.ClientMap;
import com.precautionfirst.verifier.Hex;
import com.precautionfirst.verifier.MerkleTree;
import com.precautionfirst.verifier.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The client chains recomputed from the stored events, leaf by leaf, as the log's verification walks them, and held
 * against what the chain tables store (decision 0060): an entry changed, removed or added, an entry moved in its
 * chain, a head that is not its chain's; and, at every signed tree size, the client map the recomputed heads give.
 * Each client's chain is named once, at its first difference, with how many of its entries differ after it (one
 * removed entry does not shift the others: they are compared by leaf, not by position). An entry whose event is no
 * longer in the store cannot be recomputed: the stored one stands in for it (the removal is reported by the leaf).
 */
final class ClientChainCheck {

    /** What the chain table stores for one leaf. */
    record Stored(String clientId, long seq, byte[] entry, byte[] chainHash) {
    }

    private record Difference(String where, String what, int count) {
        Difference another() {
            return new Difference(where, what, count + 1);
        }
    }

    private final Map<String, ClientChain.Head> heads = new HashMap<>();
    private final TreeMap<String, byte[]> mapLeaves = new TreeMap<>(ClientMap.ORDER);
    private final Map<String, Long> lastLeaf = new HashMap<>();
    private final Map<String, Difference> differences = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    /**
     * One leaf of the log: the entry recomputed from its event (null when the event is no client's), whether the
     * event is in the store, and the rows the chain table stores for the leaf (normally none or one).
     */
    void leaf(long index, String eventId, ClientEntry recomputed, boolean eventStored, List<Stored> storedRows) {
        List<Stored> rows = new ArrayList<>(storedRows);
        Stored stored = rows.stream().filter(r -> recomputed != null && r.clientId().equals(recomputed.clientId()))
                .findFirst().orElse(rows.isEmpty() ? null : rows.get(0));
        rows.remove(stored);
        rows.forEach(extra -> differ(extra.clientId(), "client " + extra.clientId() + ", chain entry " + extra.seq()
                + " (leaf " + index + ")", "is a second entry stored for the leaf: added"));
        String leaf = "leaf " + index + ", event " + eventId;
        if (!eventStored) {
            if (stored != null) {
                follow(stored.clientId(), stored.entry(), index);
            }
            return;
        }
        if (recomputed == null) {
            if (stored != null) {
                differ(stored.clientId(), "client " + stored.clientId() + ", chain entry " + stored.seq() + " (" + leaf
                        + ")", "is stored, but the event of that leaf is not an event of the client: added");
            }
            return;
        }
        byte[] bytes = recomputed.encode();
        ClientChain.Head head = follow(recomputed.clientId(), bytes, index);
        String where = "client " + recomputed.clientId() + ", chain entry " + head.count() + " (" + leaf + ")";
        if (stored == null) {
            differ(recomputed.clientId(), where, "is missing from the client's chain: removed");
        } else if (!stored.clientId().equals(recomputed.clientId())) {
            differ(recomputed.clientId(), where, "is stored in the chain of client " + stored.clientId()
                    + ": moved to another client");
        } else if (!Arrays.equals(stored.entry(), bytes)) {
            differ(recomputed.clientId(), where, "the stored entry is not the one recomputed from the event: changed");
        } else if (stored.seq() != head.count()) {
            differ(recomputed.clientId(), where, "is stored as entry " + stored.seq() + " of the chain: entries before "
                    + "it were removed or added");
        } else if (!Arrays.equals(stored.chainHash(), head.chainHash())) {
            differ(recomputed.clientId(), where, "the stored chain hash " + hex(stored.chainHash())
                    + " is not the one recomputed from the events, " + Hex.encode(head.chainHash()) + ": changed");
        }
    }

    /** How many clients the recomputed map has now: what a checkpoint of the size walked so far signs. */
    long clients() {
        return mapLeaves.size();
    }

    /**
     * The root of the client map the recomputed heads give now. The map leaves are kept in the map's order and
     * updated one per entry, so a root costs one hash per client, not a sort and a leaf hash per client.
     */
    byte[] mapRoot() {
        return MerkleTree.root(new ArrayList<>(mapLeaves.values()));
    }

    /**
     * Compares the stored heads, and the entries stored for leaves the log does not hold, with what was recomputed;
     * call after the last leaf.
     */
    void end(JdbcTemplate jdbc) {
        jdbc.query("SELECT c.client_id, c.client_seq, c.leaf_index FROM log_client_entry c WHERE NOT EXISTS "
                + "(SELECT 1 FROM log_leaf l WHERE l.leaf_index = c.leaf_index) ORDER BY c.leaf_index", rs -> {
                    differ(rs.getString(1), "client " + rs.getString(1) + ", chain entry " + rs.getLong(2) + " (leaf "
                            + rs.getLong(3) + ")", "is stored for a leaf the log does not hold: added");
                });
        Map<String, ClientChain.Head> unseen = new HashMap<>(heads);
        jdbc.query("SELECT client_id, entry_count, chain_hash, last_leaf_index FROM log_client_head ORDER BY client_id",
                rs -> {
                    String client = rs.getString(1);
                    ClientChain.Head head = unseen.remove(client);
                    String stored = "count " + rs.getLong(2) + ", chain " + hex(rs.getBytes(3)) + ", last leaf "
                            + rs.getLong(4);
                    if (head == null) {
                        problems.add(new Problem("client " + client + ", head", "(" + stored + ") is stored, but no "
                                + "event of the client is in the log: added"));
                    } else if (head.count() != rs.getLong(2) || !Arrays.equals(head.chainHash(), rs.getBytes(3))
                            || lastLeaf.get(client) != rs.getLong(4)) {
                        problems.add(new Problem("client " + client + ", head", "the stored head (" + stored
                                + ") is not the one recomputed from the events (count " + head.count() + ", chain "
                                + Hex.encode(head.chainHash()) + ", last leaf " + lastLeaf.get(client) + ")"));
                    }
                });
        unseen.keySet().stream().sorted().forEach(client -> problems.add(new Problem("client " + client + ", head",
                "is not stored, but " + heads.get(client).count() + " events of the client are in the log: removed")));
    }

    /** The differences found, one per client, then the heads'. */
    List<Problem> problems() {
        List<Problem> all = new ArrayList<>();
        differences.values().forEach(d -> all.add(new Problem(d.where(), d.what() + (d.count() > 1 ? "; "
                + (d.count() - 1) + " more entries of this client's chain differ after it" : ""))));
        all.addAll(problems);
        return all;
    }

    private ClientChain.Head follow(String clientId, byte[] entry, long index) {
        ClientChain.Head head = heads.getOrDefault(clientId, ClientChain.Head.start(clientId)).then(entry);
        heads.put(clientId, head);
        lastLeaf.put(clientId, index);
        mapLeaves.put(clientId, ClientMap.leafHash(head));
        return head;
    }

    private void differ(String clientId, String where, String what) {
        differences.merge(clientId, new Difference(where, what, 1), (first, next) -> first.another());
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "null" : Hex.encode(bytes);
    }
}
