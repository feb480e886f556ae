package com.precautionfirst.query.log;

import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.Checkpoints;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.IncrementalTree;
import com.precautionfirst.verifier.LeafEncoding;
import com.precautionfirst.verifier.LogEvent;
import com.precautionfirst.verifier.MerkleTree;
import com.precautionfirst.verifier.Problem;
import com.precautionfirst.verifier.Verdict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the Merkle log from the event store and checks it against every signed checkpoint: the stored ones,
 * the newest this process issued, and any the caller kept. Every leaf is recomputed from its stored event (never
 * from a stored hash, which whoever edits the database can recompute as well), so a rewritten event shows as a root
 * that no longer matches a signature. The answer names the first mismatch as narrowly as the signatures allow: the
 * event itself when its stored leaf hash was left alone, else the leaves between the last checkpoint that still
 * matches and the first that does not (each event named when there are few). It also reports removed events (a
 * leaf without its event, a checkpoint larger than the log), events inserted behind the log's position, forked or
 * badly signed checkpoints, an access log rewritten under a signed head, and the issuer's refusals. The client
 * chains (decision 0060) are recomputed from the events too and held against the chain tables (an entry changed,
 * removed, added or moved, a head that is not its chain's: {@link ClientChainCheck}) and against the client map of
 * every checkpoint of format v2 at its size (the first that differs is named). Reads one snapshot (serializable,
 * read-only).
 */
@Component
public class LogVerification {

    static final int MAX_PROBLEMS = 100;
    private static final int NAMED_EVENTS = 10;
    private static final HexFormat HEX = HexFormat.of();
    private static final String GENESIS = "0".repeat(64);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final CheckpointStore checkpoints;
    private final CheckpointIssuer issuer;
    private final SigningKey key;
    private final LogPosition position;
    private final LogStore logStore;

    public LogVerification(JdbcTemplate jdbc, PlatformTransactionManager transactions, CheckpointStore checkpoints,
                           CheckpointIssuer issuer, SigningKey key, LogPosition position, LogStore logStore) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(1000);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
        this.snapshot.setReadOnly(true);
        this.checkpoints = checkpoints;
        this.issuer = issuer;
        this.key = key;
        this.position = position;
        this.logStore = logStore;
    }

    /** Verifies the log against the stored checkpoints, the issuer's last one, and these kept by the caller. */
    public Verdict verify(List<Checkpoint> kept) {
        return snapshot.execute(status -> {
            Walk walk = new Walk();
            checkpoints.forEach(walk::stored);
            issuer.lastIssued().ifPresent(c -> walk.expect(c, "the checkpoint this service issued last (tree size "
                    + c.treeSize() + ")"));
            kept.forEach(c -> walk.expect(c, "the kept checkpoint of tree size " + c.treeSize()));
            issuer.refusals().forEach(r -> walk.problem("checkpoint issuer", "refused to sign: " + r));
            logStore.removedBeforeLogging().forEach(id -> walk.problem("event " + id,
                    "was read from the store by the log and removed before it could be logged"));
            walk.checkEmptyTree();
            jdbc.query("SELECT l.leaf_index, l.event_identifier, l.leaf_hash, " + EventStoreRows.columnsOf("e")
                    + ", c.client_id, c.client_seq, c.entry, c.chain_hash FROM log_leaf l "
                    + "LEFT JOIN domain_event_entry e ON e.event_identifier = l.event_identifier "
                    + "LEFT JOIN log_client_entry c ON c.leaf_index = l.leaf_index "
                    + "ORDER BY l.leaf_index, c.client_id, c.client_seq", rs -> {
                        walk.row(rs);
                    });
            walk.end();
            reportEventsBehindTheLog(walk);
            return walk.verdict();
        });
    }

    private void reportEventsBehindTheLog(Walk walk) {
        LogPosition.Seen seen = position.seen();
        jdbc.query("SELECT e.event_identifier, e.global_index, e.aggregate_identifier, e.sequence_number "
                + "FROM domain_event_entry e WHERE e.global_index <= ? AND NOT EXISTS "
                + "(SELECT 1 FROM log_leaf l WHERE l.event_identifier = e.event_identifier) ORDER BY e.global_index",
                rs -> {
                    if (!seen.pending(rs.getLong(2))) {
                        walk.problem("event " + rs.getString(1) + " (stream " + rs.getString(3) + ", sequence "
                                        + rs.getLong(4) + ")",
                                "in the store but not in the log, although the log has passed its place: inserted "
                                        + "into the store afterwards");
                    }
                }, seen.index());
    }

    /** The log walked leaf by leaf against the expected roots by tree size. */
    private final class Walk {
        private final List<Problem> problems = new ArrayList<>();
        private final TreeMap<Long, List<Expected>> expected = new TreeMap<>();
        private final IncrementalTree tree = new IncrementalTree();
        private final List<String> sinceLastMatch = new ArrayList<>();
        private long nextIndex;
        private long lastMatch;
        private boolean mismatched;
        private boolean accessLogRewritten;
        private long largestStored = -1;
        private final ClientChainCheck chains = new ClientChainCheck();
        private PendingLeaf pending;
        private boolean mapMismatched;

        void stored(CheckpointStore.Stored stored) {
            Checkpoint c = stored.checkpoint();
            String label = "checkpoint " + stored.number() + " (tree size " + c.treeSize() + ")";
            if (c.treeSize() < largestStored) {
                problem(label, "issued after a checkpoint of tree size " + largestStored
                        + ": the log cannot shrink, checkpoints were altered");
            }
            largestStored = Math.max(largestStored, c.treeSize());
            expect(c, label);
            checkAccessLog(stored, label);
        }

        void expect(Checkpoint c, String label) {
            Verdict signature = Checkpoints.verify(c, key.trusted().values());
            signature.problems().forEach(p -> problem(label, p.what()));
            if (!signature.valid()) {
                return;
            }
            List<Expected> known = expected.computeIfAbsent(c.treeSize(), size -> new ArrayList<>());
            known.stream().filter(k -> !k.root().equals(c.rootHash())).findFirst().ifPresent(k -> problem(label,
                    "signs another root for tree size " + c.treeSize() + " than " + k.label()
                            + ": two different histories (a fork)"));
            Expected signed = new Expected(label, c.rootHash(), c.clients(), c.clientMapRoot());
            known.stream().filter(k -> k.hasMap() && signed.hasMap() && !k.sameMap(signed)).findFirst()
                    .ifPresent(k -> problem(label, "signs another client map for tree size " + c.treeSize() + " than "
                            + k.label() + ": two different histories of the clients' chains (a fork)"));
            known.add(signed);
        }

        private void checkAccessLog(CheckpointStore.Stored stored, String label) {
            String signed = stored.checkpoint().accessLogHead();
            String now = stored.accessLogPosition() == 0 ? GENESIS : stored.accessLogHashNow();
            if (!accessLogRewritten && !signed.equals(now)) {
                accessLogRewritten = true;
                problem(label, now == null
                        ? "signed the access log's head at position " + stored.accessLogPosition()
                        + ", which is no longer in the access log: entries were removed"
                        : "signed the access log's head " + signed + " at position " + stored.accessLogPosition()
                        + ", but the entry there now hashes to " + now + ": the access log was rewritten up to there");
            }
        }

        void checkEmptyTree() {
            for (Expected empty : expected.getOrDefault(0L, List.of())) {
                if (!empty.root().equals(HEX.formatHex(MerkleTree.emptyRoot()))) {
                    problem(empty.label(), "signs a root for the empty log that is not the empty tree's hash");
                }
            }
            compareWithClientMaps(0);
        }

        /**
         * A row of the walk: a leaf, its event and a row the chain table stores for the leaf. A leaf with several
         * such rows comes once per row; the chains are checked when all of them are read.
         */
        void row(ResultSet rs) throws SQLException {
            long index = rs.getLong(1);
            ClientChainCheck.Stored stored = rs.getObject(14) == null ? null : new ClientChainCheck.Stored(
                    rs.getString(14), rs.getLong(15), rs.getBytes(16), rs.getBytes(17));
            if (pending != null && pending.index() == index) {
                if (stored != null) {
                    pending.stored().add(stored);
                }
                return;
            }
            checkChains();
            LogEvent event = leaf(rs);
            pending = new PendingLeaf(index, rs.getString(2), event == null ? null
                    : ClientEntry.of(event, index).orElse(null), event != null, new ArrayList<>());
            if (stored != null) {
                pending.stored().add(stored);
            }
        }

        private void checkChains() {
            if (pending != null) {
                chains.leaf(pending.index(), pending.eventId(), pending.entry(), pending.eventStored(),
                        pending.stored());
                compareWithClientMaps(pending.index() + 1);
                pending = null;
            }
        }

        /** The client map the events give at this tree size against every checkpoint of the size that signs one. */
        private void compareWithClientMaps(long size) {
            List<Expected> signedAtThisSize = expected.getOrDefault(size, List.of()).stream()
                    .filter(Expected::hasMap).toList();
            if (signedAtThisSize.isEmpty() || mapMismatched) {
                return;
            }
            Expected recomputed = new Expected("", "", chains.clients(), HEX.formatHex(chains.mapRoot()));
            signedAtThisSize.stream().filter(e -> !e.sameMap(recomputed)).findFirst().ifPresent(signed -> {
                mapMismatched = true;
                problem(signed.label(), "signs a client map of " + signed.clients() + " clients with root "
                        + signed.mapRoot() + ", but the events of the first " + size + " leaves give "
                        + recomputed.clients() + " clients with root " + recomputed.mapRoot() + ": an event of a "
                        + "client was altered, removed, inserted or moved, or the map was signed over chains that were "
                        + "altered before");
            });
        }

        /** Checks one leaf against its event and the signed roots; answers its event, null when it is gone. */
        private LogEvent leaf(ResultSet rs) throws SQLException {
            long index = rs.getLong(1);
            String id = rs.getString(2);
            if (index != nextIndex) {
                problem("leaf " + nextIndex, index > nextIndex
                        ? "leaves " + nextIndex + " to " + (index - 1) + " are missing from the log"
                        : "leaf index " + index + " out of order");
                nextIndex = index;
            }
            byte[] logged = rs.getBytes(3);
            byte[] hash = logged;
            String where = "leaf " + index + " (event " + id + ")";
            LogEvent event = null;
            if (rs.getObject(4) == null) {
                problem(where, "the event is no longer in the store: removed");
            } else {
                StoredEvent stored = EventStoreRows.row(rs, 4);
                where = "leaf " + index + " (event " + id + ", stream " + stored.streamId() + ", sequence "
                        + stored.sequence() + ")";
                event = LogStore.logEvent(stored);
                hash = MerkleTree.leafHash(LeafEncoding.encode(event));
                if (!Arrays.equals(hash, logged)) {
                    problem(where, "the stored event no longer hashes to the leaf logged for it: changed after it "
                            + "was logged");
                }
            }
            if (sinceLastMatch.size() <= NAMED_EVENTS) {
                sinceLastMatch.add(where);
            }
            tree.append(hash);
            nextIndex++;
            compareWithCheckpoints();
            return event;
        }

        private void compareWithCheckpoints() {
            List<Expected> signedAtThisSize = expected.get(tree.size());
            if (signedAtThisSize == null) {
                return;
            }
            String root = HEX.formatHex(tree.root());
            Expected signed = signedAtThisSize.stream().filter(e -> !e.root().equals(root)).findFirst().orElse(null);
            if (signed == null) {
                if (!mismatched) {
                    lastMatch = tree.size();
                    sinceLastMatch.clear();
                }
                return;
            }
            if (!mismatched) {
                mismatched = true;
                String range = "leaves " + lastMatch + " to " + (tree.size() - 1);
                String named = String.join("; ", sinceLastMatch);
                problem(sinceLastMatch.size() == 1 ? named
                        : sinceLastMatch.size() <= NAMED_EVENTS ? range + ": " + named : range, "the events in the store no longer give the root signed in " + signed.label()
                        + "; the signed checkpoints still match the first " + lastMatch + " events, so an event in "
                        + "this range was altered, removed, inserted or reordered");
            }
        }

        void end() {
            checkChains();
            chains.end(jdbc);
            chains.problems().forEach(p -> problem(p.where(), p.what()));
            Map.Entry<Long, List<Expected>> largest = expected.lastEntry();
            if (largest != null && largest.getKey() > tree.size()) {
                problem(largest.getValue().get(0).label(), "signed a log of " + largest.getKey() + " events, but the log "
                        + "holds " + tree.size() + ": the newest " + (largest.getKey() - tree.size())
                        + " were removed");
            }
        }

        void problem(String where, String what) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(where, what));
            }
        }

        Verdict verdict() {
            return new Verdict(problems.isEmpty(), List.copyOf(problems));
        }
    }

    /** What a checkpoint signed for its tree size: the root and, format v2, the client map. */
    private record Expected(String label, String root, Long clients, String mapRoot) {
        boolean hasMap() {
            return clients != null || mapRoot != null;
        }

        boolean sameMap(Expected other) {
            return java.util.Objects.equals(clients, other.clients) && java.util.Objects.equals(mapRoot, other.mapRoot);
        }
    }

    /** A leaf whose chain rows are still being read. */
    private record PendingLeaf(long index, String eventId, ClientEntry entry, boolean eventStored,
                               List<ClientChainCheck.Stored> stored) {
    }
}
