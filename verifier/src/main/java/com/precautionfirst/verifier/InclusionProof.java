package com.precautionfirst.verifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The service's answer to "is this event in the log?": the event is leaf {@code leafIndex} of the tree of size
 * {@code treeSize}, its leaf hash, and the RFC 6962 inclusion proof (hashes in lowercase hex). Optionally
 * {@code leaf}, base64 of the leaf's bytes ({@link LeafEncoding}), so the verifier can recompute the leaf hash
 * and see which event it is. JSON:
 * {@code {"eventIdentifier": "...", "leafIndex": i, "treeSize": n, "leafHash": "hex", "proof": ["hex", ...],
 * "leaf": "base64"}} ({@code leaf} left out when absent).
 *
 * <p>{@link #verify} checks the proof against a checkpoint's root; it does not check the checkpoint's signature
 * ({@link Checkpoints#verify} does). Without {@code leaf}, {@code eventIdentifier} is not covered by the proof.
 */
public record InclusionProof(
        @JsonProperty(required = true) String eventIdentifier,
        @JsonProperty(required = true) long leafIndex,
        @JsonProperty(required = true) long treeSize,
        @JsonProperty(required = true) String leafHash,
        @JsonProperty(required = true) List<String> proof,
        @JsonInclude(JsonInclude.Include.NON_NULL) String leaf) {

    /** The document for a proof computed by {@link MerkleTree#inclusionProof}; {@code leaf} may be null. */
    public static InclusionProof of(String eventIdentifier, long leafIndex, long treeSize, byte[] leafHash,
                                    List<byte[]> proof, byte[] leaf) {
        return new InclusionProof(eventIdentifier, leafIndex, treeSize, Hex.encode(leafHash),
                proof.stream().map(Hex::encode).toList(), leaf == null ? null : Base64.getEncoder().encodeToString(leaf));
    }

    /** "inclusion proof of event X (leaf i of n)", how problems name this proof. */
    public String where() {
        return "inclusion proof of event " + eventIdentifier + " (leaf " + leafIndex + " of " + treeSize + ")";
    }

    /**
     * Whether the proof shows that the leaf is in the tree of {@code checkpoint}: the sizes must match, the leaf
     * bytes (when given) must hash to {@code leafHash} and be the event named, and the proof must verify against
     * the checkpoint's root. Never throws on bad input.
     */
    public Verdict verify(Checkpoint checkpoint) {
        List<Problem> problems = new ArrayList<>();
        if (checkpoint.treeSize() != treeSize) {
            problems.add(new Problem(where(), "is a proof for the tree of size " + treeSize + ", not of size "
                    + checkpoint.treeSize()));
            return Verdict.of(problems);
        }
        if (!Hex.isHash(leafHash)) {
            problems.add(new Problem(where(), "leafHash is not a SHA-256 hash in lowercase hex: \""
                    + Hex.shorten(String.valueOf(leafHash)) + "\""));
        } else if (leaf != null) {
            checkLeaf(problems);
        }
        List<byte[]> hashes = ConsistencyProof.decodeHashes(proof, where(), problems);
        if (!Hex.isHash(checkpoint.rootHash())) {
            problems.add(new Problem(where(), "the checkpoint's root-hash is not a hash; nothing to check against"));
        }
        if (!problems.isEmpty()) {
            return Verdict.of(problems);
        }
        if (!MerkleTree.verifyInclusion(leafIndex, treeSize, Hex.decodeHash(leafHash), hashes,
                Hex.decodeHash(checkpoint.rootHash()))) {
            problems.add(new Problem(where(), "does not verify against the checkpoint of tree size " + treeSize
                    + " (root " + checkpoint.rootHash() + "): leaf " + leafHash + " is not leaf " + leafIndex
                    + " of that tree"));
        }
        return Verdict.of(problems);
    }

    private void checkLeaf(List<Problem> problems) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(leaf);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(where(), "leaf is not base64: " + e.getMessage()));
            return;
        }
        byte[] recomputed = MerkleTree.leafHash(bytes);
        if (!MessageDigest.isEqual(recomputed, Hex.decodeHash(leafHash))) {
            problems.add(new Problem(where(), "the leaf bytes hash to " + Hex.encode(recomputed) + ", not to the leafHash "
                    + leafHash));
            return;
        }
        try {
            LogEvent event = LeafEncoding.decode(bytes);
            if (!event.eventIdentifier().equals(eventIdentifier)) {
                problems.add(new Problem(where(), "the leaf is event " + event.eventIdentifier() + ", not "
                        + eventIdentifier));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(where(), "the leaf is not an encoded event: " + e.getMessage()));
        }
    }
}
