package com.precautionfirst.query.log;

import com.precautionfirst.support.web.InvalidInputException;
import com.precautionfirst.support.web.NotFoundException;
import com.precautionfirst.verifier.ConsistencyProof;
import com.precautionfirst.verifier.InclusionProof;
import com.precautionfirst.verifier.MerkleTree;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Consistency and inclusion proofs of any tree size the log has reached, read from the stored complete subtrees in
 * one query each (O(log n) hashes). They prove against a signed checkpoint of that size; they need no trust in us.
 */
@Component
public class LogProofs {

    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_ID = 255;

    private final LogStore store;
    private final CheckpointStore checkpoints;

    public LogProofs(LogStore store, CheckpointStore checkpoints) {
        this.store = store;
        this.checkpoints = checkpoints;
    }

    /** The proof that the tree of size {@code to} extends the tree of size {@code from}. */
    public ConsistencyProof consistency(long from, long to) {
        long size = store.size();
        if (from < 0) {
            throw new InvalidInputException("from", "must be 0 or more");
        }
        if (to < from) {
            throw new InvalidInputException("to", "must not be smaller than from (" + from + ")");
        }
        if (to > size) {
            throw new InvalidInputException("to", "the log holds " + size + " events; no tree of size " + to);
        }
        return new ConsistencyProof(from, to, hex(store.withNodes(s -> MerkleTree.consistencyProof(from, to, s))));
    }

    /** The proof that an event is a leaf of the tree of the given size (default: the newest checkpoint's). */
    public InclusionProof inclusion(String eventIdentifier, Long treeSize) {
        if (eventIdentifier.length() > MAX_ID) {
            throw new InvalidInputException("eventId", "must be at most " + MAX_ID + " characters");
        }
        Long index = store.leafIndexesOf(List.of(eventIdentifier)).get(eventIdentifier);
        if (index == null) {
            throw new NotFoundException("event " + eventIdentifier + " is not in the log (yet)");
        }
        long size = treeSize != null ? treeSize : checkpoints.latest().map(c -> c.treeSize())
                .orElseThrow(() -> new NotFoundException("no checkpoint has been issued yet"));
        if (size <= index) {
            throw new InvalidInputException("treeSize", "the event is leaf " + index + ", so the tree must hold more "
                    + "than " + index + " events");
        }
        if (size > store.size()) {
            throw new InvalidInputException("treeSize", "the log holds " + store.size() + " events; no tree of size "
                    + size);
        }
        return store.withNodes(s -> new InclusionProof(eventIdentifier, index, size,
                HEX.formatHex(s.completeSubtree(0, index)), hex(MerkleTree.inclusionProof(index, size, s)), null));
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
