package com.precautionfirst.query.log;

import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.Checkpoints;
import com.precautionfirst.verifier.IncrementalTree;
import com.precautionfirst.verifier.LeafEncoding;
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
 * badly signed checkpoints, an access log rewritten under a signed head, and the issuer's refusals. Reads one
 * snapshot (serializable, read-only).
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
                    + " FROM log_leaf l LEFT JOIN domain_event_entry e ON e.event_identifier = l.event_identifier "
                    + "ORDER BY l.leaf_index", rs -> {
                        walk.leaf(rs);
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
            known.add(new Expected(label, c.rootHash()));
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
        }

        void leaf(ResultSet rs) throws SQLException {
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
            if (rs.getObject(4) == null) {
                problem(where, "the event is no longer in the store: removed");
            } else {
                StoredEvent event = EventStoreRows.row(rs, 4);
                where = "leaf " + index + " (event " + id + ", stream " + event.streamId() + ", sequence "
                        + event.sequence() + ")";
                hash = MerkleTree.leafHash(LeafEncoding.encode(LogStore.logEvent(event)));
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

    private record Expected(String label, String root) {
    }
}
