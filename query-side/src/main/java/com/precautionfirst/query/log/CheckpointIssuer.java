package com.precautionfirst.query.log;

import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.Checkpoints;
import com.precautionfirst.verifier.MerkleTree;
import com.precautionfirst.verifier.StreamedClientMap;
import com.precautionfirst.verifier.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues a signed checkpoint every few seconds when the log has grown or the access log has moved on: the tree
 * size, the root computed from the stored subtrees, the instant, the key id, the access log's chain head and, format
 * v2 (decision 0060), the client map as of the tree size ({@link ClientChains#mapAt}), read as a stream of heads
 * (decision 0065). A newest checkpoint of format v1 is followed by one of v2 even when nothing else changed.
 * <p>
 * Before it signs it proves to itself that the stored tree still extends the last checkpoint it knows (the newest
 * stored one, and the newest it issued since it started, which a database edit cannot take back): a consistency
 * proof read from the stored nodes must verify against that checkpoint's signed root, and the stored client chains
 * must still give that checkpoint's client map at its size. When it does not, the stored
 * log was rewritten; nothing is signed, the refusal is remembered and {@code GET /api/log/verification} reports it.
 * So the service never signs a rewritten history as if it were the continuation of the real one.
 */
@Component
public class CheckpointIssuer {

    private static final Logger log = LoggerFactory.getLogger(CheckpointIssuer.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_REFUSALS = 100;
    /** The pause after a round, in multiples of its duration, beyond the interval. */
    private static final int ROUNDS_APART = 4;

    private final LogStore store;
    private final ClientChains chains;
    private final CheckpointStore checkpoints;
    private final SigningKey key;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private volatile Checkpoint lastIssued;
    private Instant nextRound = Instant.MIN;
    private final List<String> refusals = new ArrayList<>();

    public CheckpointIssuer(LogStore store, ClientChains chains, CheckpointStore checkpoints, SigningKey key,
                            JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.store = store;
        this.chains = chains;
        this.checkpoints = checkpoints;
        this.key = key;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * A round every interval, but never more than a fifth of the time: a round reads every client's head (decision
     * 0065), so with a million clients it takes seconds, and the next one then waits four times as long.
     */
    @Scheduled(fixedDelayString = "${treatment.signing.checkpoint-interval:5s}",
            initialDelayString = "${treatment.signing.checkpoint-interval:5s}")
    void onSchedule() {
        Instant started = clock.instant();
        if (started.isBefore(nextRound)) {
            return;
        }
        try {
            issue();
        } catch (RuntimeException e) {
            // another instance issued the same number first, or the database is away: the next round tries again
            log.warn("No checkpoint issued this round: {}", e.toString());
        } finally {
            Instant ended = clock.instant();
            Duration took = Duration.between(started, ended);
            nextRound = ended.plus(took.multipliedBy(ROUNDS_APART));
            log.debug("Checkpoint round took {} ms; the next one not before {}", took.toMillis(), nextRound);
        }
    }

    /** Issues a checkpoint when something changed since the newest one; answers the newest checkpoint. */
    public synchronized Optional<Checkpoint> issue() {
        Issued issued = transaction.execute(status -> signIfChanged());
        if (issued.isNew()) {
            lastIssued = issued.checkpoint();
        }
        return Optional.ofNullable(issued.checkpoint());
    }

    private Issued signIfChanged() {
        long size = store.size();
        String root = HEX.formatHex(store.withNodes(source -> MerkleTree.root(size, source)));
        AccessHead head = jdbc.queryForObject("SELECT last_position, last_hash FROM access_log_head WHERE id = 1",
                (rs, i) -> new AccessHead(rs.getLong(1), rs.getString(2)));
        Optional<Checkpoint> newest = checkpoints.latest();
        // the chains only move with the tree: the same tree, signed with a map, needs no new map
        if (newest.isPresent() && newest.get().treeSize() == size && newest.get().rootHash().equals(root)
                && newest.get().accessLogHead().equals(head.hash()) && newest.get().keyId().equals(key.keyId())
                && newest.get().hasClientMap()) {
            return new Issued(newest.get(), false);
        }
        StreamedClientMap map = null;
        for (Checkpoint earlier : known(newest)) {
            Extended extended = extends_(earlier, size, root);
            if (extended.refusal() != null) {
                refuse(extended.refusal());
                return new Issued(newest.orElse(null), false);
            }
            map = extended.map() != null ? extended.map() : map;
        }
        if (map == null) {
            map = chains.mapAt(size);
        }
        Checkpoint signed = Checkpoints.sign(size, root, clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(),
                head.hash(), map.clients(), HEX.formatHex(map.root()), key.privateKey());
        checkpoints.add(signed, head.position());
        return new Issued(signed, true);
    }

    /**
     * Why the service refused to sign since it started (each names the checkpoint the stored log no longer extends).
     */
    public synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** The newest checkpoint this process issued since it started (kept in memory, out of a database edit's reach). */
    public Optional<Checkpoint> lastIssued() {
        return Optional.ofNullable(lastIssued);
    }

    private List<Checkpoint> known(Optional<Checkpoint> newest) {
        List<Checkpoint> known = new ArrayList<>();
        newest.ifPresent(known::add);
        if (lastIssued != null && !known.contains(lastIssued)) {
            known.add(lastIssued);
        }
        return known;
    }

    /**
     * Whether the stored tree of this size extends the checkpoint, and the client map as of this size extends the
     * checkpoint's map: the stored chains still give that map at its size, and lead from it to this one. The map as
     * of this size comes from the same read ({@link ClientChains#lead}); null when the checkpoint has no map.
     */
    private Extended extends_(Checkpoint earlier, long size, String root) {
        Verdict signature = Checkpoints.verify(earlier, key.trusted().values());
        if (!signature.valid()) {
            return Extended.refused("the newest stored checkpoint (tree size " + earlier.treeSize()
                    + ") is not validly signed: " + signature.problems());
        }
        if (earlier.treeSize() > size) {
            return Extended.refused("the log holds " + size + " events but checkpoint of tree size "
                    + earlier.treeSize() + " was signed: events were removed");
        }
        List<byte[]> proof = store.withNodes(source -> MerkleTree.consistencyProof(earlier.treeSize(), size, source));
        if (!MerkleTree.verifyConsistency(earlier.treeSize(), size, HEX.parseHex(earlier.rootHash()),
                HEX.parseHex(root), proof)) {
            return Extended.refused("the stored log of " + size + " events does not extend the signed checkpoint of "
                    + "tree size " + earlier.treeSize() + ": the log was rewritten");
        }
        if (!earlier.hasClientMap()) {
            return new Extended(null, null);
        }
        ClientChains.Lead lead = chains.lead(earlier.treeSize(), size);
        StreamedClientMap then = lead.earlier();
        if (then.clients() != earlier.clients() || !HEX.formatHex(then.root()).equals(earlier.clientMapRoot())) {
            return Extended.refused("the stored client chains no longer give the client map signed in the "
                    + "checkpoint of tree size " + earlier.treeSize() + " (" + earlier.clients() + " clients, root "
                    + earlier.clientMapRoot() + ", now " + then.clients() + " clients, root "
                    + HEX.formatHex(then.root()) + "): the chains were rewritten");
        }
        if (lead.broken() != null) {
            return Extended.refused("the stored client chains do not lead from the client map signed in the "
                    + "checkpoint of tree size " + earlier.treeSize() + " to the one of tree size " + size + ": "
                    + lead.broken());
        }
        return new Extended(lead.later(), null);
    }

    /** The map as of the new size when the checkpoint had one to extend, or why the new size does not extend it. */
    private record Extended(StreamedClientMap map, String refusal) {
        static Extended refused(String refusal) {
            return new Extended(null, refusal);
        }
    }

    private void refuse(String reason) {
        if (!refusals.contains(reason) && refusals.size() < MAX_REFUSALS) {
            refusals.add(reason);
            log.error("Refusing to sign a checkpoint: {}", reason);
        }
    }

    private record Issued(Checkpoint checkpoint, boolean isNew) {
    }

    private record AccessHead(long position, String hash) {
    }
}
