package com.precautionfirst.query.log;

import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.Checkpoints;
import com.precautionfirst.verifier.LeafEncoding;
import com.precautionfirst.verifier.MerkleTree;
import com.precautionfirst.verifier.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One client's events proved against the signed log: every stored event of the client's streams is recomputed into
 * its leaf and proved, with the stored subtrees, to be in the tree of the first signed checkpoint that covers it. A rewrite whose
 * author also recomputed the client's hash chain and every stored hash still fails here, because the signed root
 * cannot be recomputed without the key. Events no checkpoint covers yet are counted, not judged.
 */
@Component
public class ClientEvidence {

    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;
    private final EventStoreRows rows;
    private final LogStore store;
    private final CheckpointStore checkpoints;
    private final CheckpointIssuer issuer;
    private final SigningKey key;
    private final LogPosition position;

    public ClientEvidence(JdbcTemplate jdbc, EventStoreRows rows, LogStore store, CheckpointStore checkpoints,
                          CheckpointIssuer issuer, SigningKey key, LogPosition position) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.store = store;
        this.checkpoints = checkpoints;
        this.issuer = issuer;
        this.key = key;
        this.position = position;
    }

    /** Proves every stored event of the client's streams (as the audit chain knows them) against the signed log. */
    public SignedLogCheck check(String clientId) {
        List<String> streams = jdbc.queryForList("SELECT DISTINCT stream_id FROM audit_chain WHERE client_id = ?",
                String.class, clientId);
        List<StoredEvent> events = rows.ofStreams(streams, Long.MAX_VALUE);
        Map<String, Long> leaves = store.leafIndexesOf(events.stream().map(StoredEvent::eventIdentifier).toList());
        LogPosition.Seen seen = position.seen();
        List<Problem> problems = new ArrayList<>();
        List<Claim> claims = new ArrayList<>();
        Map<Checkpoint, Boolean> signatures = new HashMap<>();
        for (StoredEvent event : events) {
            Long leaf = leaves.get(event.eventIdentifier());
            if (leaf == null) {
                if (!seen.pending(event.globalPosition())) {
                    problems.add(new Problem(where(event), "not in the signed log, although the log has passed its "
                            + "place: inserted into the store afterwards"));
                }
                continue;
            }
            firstCovering(leaf).filter(c -> validlySigned(c, signatures, problems))
                    .ifPresent(c -> claims.add(new Claim(event, leaf, c)));
        }
        List<List<byte[]>> proofs = store.withNodes(source -> claims.stream()
                .map(c -> MerkleTree.inclusionProof(c.leaf(), c.checkpoint().treeSize(), source)).toList());
        List<Claim> failed = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            Claim claim = claims.get(i);
            byte[] leafHash = MerkleTree.leafHash(LeafEncoding.encode(LogStore.logEvent(claim.event())));
            if (!MerkleTree.verifyInclusion(claim.leaf(), claim.checkpoint().treeSize(), leafHash, proofs.get(i),
                    HEX.parseHex(claim.checkpoint().rootHash()))) {
                failed.add(claim);
            }
        }
        failed.stream().min(Comparator.comparingLong(Claim::leaf)).ifPresent(first -> problems.add(new Problem(
                where(first.event()), "does not prove to be leaf " + first.leaf() + " of the first signed checkpoint "
                + "that covers it (tree size " + first.checkpoint().treeSize() + "): it, or an event logged before it "
                + "after the previous checkpoint, was changed after it was signed"
                + (failed.size() > 1 ? "; " + (failed.size() - 1) + " later events of this client fail with it" : "")
                + " (GET /api/log/verification narrows it down)")));
        return new SignedLogCheck(claims.size() - failed.size(), events.size() - claims.size(), problems);
    }

    /**
     * The first checkpoint whose tree holds the leaf: the smallest stored one, or else the newest this process
     * issued (kept in memory, where a deleted row does not take it away). Proving against the smallest keeps an
     * older event's proof clear of a change made after it.
     */
    private Optional<Checkpoint> firstCovering(long leaf) {
        return checkpoints.firstCovering(leaf)
                .or(() -> issuer.lastIssued().filter(c -> c.treeSize() > leaf));
    }

    private boolean validlySigned(Checkpoint checkpoint, Map<Checkpoint, Boolean> known, List<Problem> problems) {
        return known.computeIfAbsent(checkpoint, c -> {
            List<Problem> signature = Checkpoints.verify(c, key.trusted().values()).problems();
            problems.addAll(signature);
            return signature.isEmpty();
        });
    }

    private static String where(StoredEvent event) {
        return "event " + event.eventIdentifier() + " (stream " + event.streamId() + ", sequence "
                + event.sequence() + ")";
    }

    private record Claim(StoredEvent event, long leaf, Checkpoint checkpoint) {
    }

    /**
     * What the signed log says of the client's events: how many were proved against a signed checkpoint, how many
     * are not covered by one yet, and what does not prove (the first failing event, naming how many fail with it).
     */
    public record SignedLogCheck(int provedEvents, int notYetSigned, List<Problem> problems) {
    }
}
