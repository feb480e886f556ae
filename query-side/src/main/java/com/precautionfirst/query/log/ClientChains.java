package com.precautionfirst.query.log;

import com.precautionfirst.verifier.ClientChain;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.StreamedClientMap;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The client chains of the signed log (decision 0060, tables of V72) as of any tree size the log has reached: the
 * client map a checkpoint of that size signs, and one client's entries up to it. What an export against a checkpoint
 * carries for each client: {@code mapAt(checkpoint.treeSize(), clients).proof(clientId)} and
 * {@code entries(clientId, checkpoint.treeSize())}.
 *
 * <p>The heads as of a size are the stored heads, except for a client whose head has moved on to a leaf at or past
 * that size: its head is then the last of its stored entries below the size (entries only grow, in leaf order).
 * So the answer does not depend on what the log processor commits meanwhile, with no isolation level needed: every
 * leaf below the size was committed, with its entry and head, before the size could be read. The issuer reads the
 * newest size this way every few seconds; an export against an older checkpoint reads the same way, so both give the
 * root the checkpoint signed.
 *
 * <p>Memory does not grow with the number of clients (decision 0065): the heads are read as one stream in the map's
 * order (the bytes of the ids: {@code COLLATE "C"} on PostgreSQL, the UTF-8 bytes on H2) into a
 * {@link StreamedClientMap}, with the entries of the clients that moved on joined to their head, in one transaction
 * so that PostgreSQL hands the rows out in batches.
 */
@Component
public class ClientChains {

    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private volatile String byteOrder;

    public ClientChains(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(1000);
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The client map as of the tree of {@code treeSize} leaves: every client's head over its entries below it. */
    public StreamedClientMap mapAt(long treeSize) {
        return mapAt(treeSize, Set.of());
    }

    /**
     * The client map as of the tree of {@code treeSize} leaves, with the proofs of these clients.
     *
     * @throws IllegalStateException if a stored head is not the last of its client's stored entries
     */
    public StreamedClientMap mapAt(long treeSize, Collection<String> proofsFor) {
        StreamedClientMap map = new StreamedClientMap(treeSize, proofsFor);
        String broken = walk(treeSize, treeSize, null, map);
        if (broken != null) {
            throw new IllegalStateException("the client chains as of tree size " + treeSize + " are broken: " + broken
                    + ": GET /api/log/verification");
        }
        return map;
    }

    /**
     * The maps as of {@code earlierSize} and {@code size}, in one read of the heads, and whether the stored chains
     * lead from the one to the other: every client's entries with a leaf in between, in chain order, continue its
     * head as of {@code earlierSize} one by one (the next number, the chain hash recomputed from the entry's bytes
     * equal to the stored one) and end in its head as of {@code size}; a client without such entries has the same
     * head in both. What the issuer checks before it signs the later map, as it checks a consistency proof for the
     * tree, once it has compared the earlier map with the one it signed: reads the heads and the entries logged since
     * {@code earlierSize}, never the rest.
     */
    public Lead lead(long earlierSize, long size) {
        StreamedClientMap earlier = new StreamedClientMap(earlierSize, Set.of());
        StreamedClientMap later = new StreamedClientMap(size, Set.of());
        return new Lead(earlier, later, walk(earlierSize, size, earlier, later));
    }

    /**
     * The maps as of two tree sizes, and {@code broken}: null when the stored chains lead from the earlier to the
     * later; else what does not.
     */
    public record Lead(StreamedClientMap earlier, StreamedClientMap later, String broken) {
    }

    private String walk(long earlierSize, long size, StreamedClientMap earlier, StreamedClientMap later) {
        Walk walk = new Walk(earlierSize, size, earlier, later);
        transaction.executeWithoutResult(status -> {
            jdbc.query("SELECT h.client_id, h.entry_count, h.chain_hash, h.last_leaf_index, e.client_seq, "
                    + "e.leaf_index, e.entry, e.chain_hash, p.chain_hash FROM log_client_head h "
                    + "LEFT JOIN log_client_entry e ON e.client_id = h.client_id AND h.last_leaf_index >= ? "
                    + "AND e.leaf_index >= ? "
                    + "LEFT JOIN log_client_entry p ON p.client_id = e.client_id AND p.client_seq = e.client_seq - 1 "
                    + "ORDER BY " + byteOrder() + ", e.client_seq", walk::row, earlierSize, earlierSize);
            walk.endClient();
            if (walk.broken == null && earlierSize < size) {
                // an entry logged in between that no head reaches was not walked: its client's head was left behind
                List<String> headless = jdbc.query("SELECT e.client_id, e.client_seq FROM log_client_entry e "
                        + "WHERE e.leaf_index >= ? AND e.leaf_index < ? AND NOT EXISTS (SELECT 1 FROM "
                        + "log_client_head h WHERE h.client_id = e.client_id AND h.last_leaf_index >= e.leaf_index) "
                        + "LIMIT 1", (rs, i) -> "entry " + rs.getLong(2) + " of client " + rs.getString(1)
                        + " has no stored head that reaches it", earlierSize, size);
                headless.forEach(walk::fail);
            }
        });
        return walk.broken;
    }

    /** The order of the map in SQL: the bytes of the UTF-8 ids, unsigned. */
    private String byteOrder() {
        if (byteOrder == null) {
            byteOrder = LogStore.onPostgres(jdbc) ? "h.client_id COLLATE \"C\"" : "CAST(h.client_id AS VARBINARY)";
        }
        return byteOrder;
    }

    /** One client at a time, in the map's order: its stored head, then the entries joined to it in chain order. */
    private static final class Walk {
        private final long earlierSize;
        private final long size;
        private final StreamedClientMap earlier;
        private final StreamedClientMap later;
        private String broken;
        private String client;
        private ClientChain.Head stored;
        private long storedLeaf;
        private boolean joined;
        private ClientChain.Head atEarlier;
        private ClientChain.Head running;

        Walk(long earlierSize, long size, StreamedClientMap earlier, StreamedClientMap later) {
            this.earlierSize = earlierSize;
            this.size = size;
            this.earlier = earlier;
            this.later = later;
        }

        void row(ResultSet rs) throws SQLException {
            String id = rs.getString(1);
            if (!id.equals(client)) {
                endClient();
                client = id;
                stored = new ClientChain.Head(id, rs.getLong(2), rs.getBytes(3));
                storedLeaf = rs.getLong(4);
                joined = false;
            }
            if (rs.getObject(5) == null) {
                if (storedLeaf >= earlierSize) {
                    fail("the head of client " + id + " names leaf " + storedLeaf + ", but the client has no entry "
                            + "from leaf " + earlierSize + " on");
                }
                return;
            }
            long seq = rs.getLong(5);
            if (!joined) {
                joined = true;
                byte[] previous = rs.getBytes(9);
                if (seq > 1 && previous == null) {
                    fail("entry " + (seq - 1) + " of client " + id + " is missing");
                }
                atEarlier = seq == 1 || previous == null ? null : new ClientChain.Head(id, seq - 1, previous);
                running = atEarlier;
            }
            if (rs.getLong(6) < size) {
                ClientChain.Head next = (running == null ? ClientChain.Head.start(id) : running).then(rs.getBytes(7));
                if (next.count() != seq || !Arrays.equals(next.chainHash(), rs.getBytes(8))) {
                    fail("entry " + seq + " of client " + id + " does not continue its chain (it would be entry "
                            + next.count() + ", chain " + HEX.formatHex(next.chainHash()) + ")");
                }
                running = next;
            }
        }

        void endClient() {
            if (client == null) {
                return;
            }
            ClientChain.Head then = joined ? atEarlier : stored;
            ClientChain.Head now = joined ? running : stored;
            if (joined && storedLeaf < size && !stored.equals(now)) {
                fail("the head of client " + client + " (count " + stored.count() + ", chain "
                        + HEX.formatHex(stored.chainHash()) + ") is not where its chain leads from tree size "
                        + earlierSize + " to " + size);
            }
            if (earlier != null && then != null) {
                earlier.add(then);
            }
            if (now != null) {
                later.add(now);
            }
            client = null;
        }

        private void fail(String problem) {
            if (broken == null) {
                broken = problem;
            }
        }
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
