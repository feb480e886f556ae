package com.precautionfirst.verifier;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The service's answer to "is the log of size {@code from} a prefix of the log of size {@code to}?": the RFC 6962
 * consistency proof, hashes in lowercase hex. JSON: {@code {"from": N, "to": M, "proof": ["hex", ...]}}.
 *
 * <p>{@link #verify} checks the proof against two checkpoints' roots; it does not check their signatures
 * ({@link Checkpoints#verify} does).
 */
public record ConsistencyProof(
        @JsonProperty(required = true) long from,
        @JsonProperty(required = true) long to,
        @JsonProperty(required = true) List<String> proof) {

    /** The document for a proof computed by {@link MerkleTree#consistencyProof}. */
    public static ConsistencyProof of(long from, long to, List<byte[]> proof) {
        return new ConsistencyProof(from, to, proof.stream().map(Hex::encode).toList());
    }

    /** "consistency proof from N to M", how problems name this proof. */
    public String where() {
        return "consistency proof from " + from + " to " + to;
    }

    /**
     * Whether the proof shows that {@code older} is a prefix of {@code newer}: their sizes must be this proof's
     * {@code from} and {@code to}, and the proof must verify against their roots. Never throws on bad input.
     */
    public Verdict verify(Checkpoint older, Checkpoint newer) {
        List<Problem> problems = new ArrayList<>();
        if (older.treeSize() != from || newer.treeSize() != to) {
            problems.add(new Problem(where(), "is a proof from " + from + " to " + to + ", not from "
                    + older.treeSize() + " to " + newer.treeSize()));
            return Verdict.of(problems);
        }
        if (from > to) {
            problems.add(new Problem(where(), "goes from a larger tree to a smaller one: a log only grows"));
            return Verdict.of(problems);
        }
        List<byte[]> hashes = decodeHashes(proof, where(), problems);
        if (!Hex.isHash(older.rootHash()) || !Hex.isHash(newer.rootHash())) {
            problems.add(new Problem(where(), "a checkpoint's root-hash is not a hash; nothing to check against"));
        }
        if (!problems.isEmpty()) {
            return Verdict.of(problems);
        }
        if (!MerkleTree.verifyConsistency(from, to, Hex.decodeHash(older.rootHash()), Hex.decodeHash(newer.rootHash()),
                hashes)) {
            problems.add(new Problem(where(), "does not verify: the log was rewritten (root "
                    + older.rootHash() + " at size " + from + " is not a prefix of root " + newer.rootHash()
                    + " at size " + to + ")"));
        }
        return Verdict.of(problems);
    }

    static List<byte[]> decodeHashes(List<String> proof, String where, List<Problem> problems) {
        List<byte[]> hashes = new ArrayList<>();
        if (proof == null) {
            problems.add(new Problem(where, "has no proof"));
            return hashes;
        }
        for (int i = 0; i < proof.size(); i++) {
            if (Hex.isHash(proof.get(i))) {
                hashes.add(Hex.decodeHash(proof.get(i)));
            } else {
                problems.add(new Problem(where, "proof element " + i + " is not a SHA-256 hash in lowercase hex: \""
                        + Hex.shorten(String.valueOf(proof.get(i))) + "\""));
            }
        }
        return hashes;
    }
}
