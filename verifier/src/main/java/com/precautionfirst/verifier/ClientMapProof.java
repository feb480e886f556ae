package com.precautionfirst.verifier;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's head in the client map of the checkpoint of {@code treeSize} (decision 0060): the client's chain had
 * {@code count} entries ending in chain hash {@code head} (lowercase hex) when the log had {@code treeSize} events;
 * its map leaf is leaf {@code index} of the map of {@code clients} leaves, and {@code path} is the RFC 6962
 * inclusion proof of that leaf (lowest sibling first, lowercase hex). JSON: {@code {"clientId": "...",
 * "treeSize": n, "index": i, "clients": c, "count": k, "head": "hex", "path": ["hex", ...]}}.
 *
 * <p>{@link #verify} checks the proof against a checkpoint's client map; it does not check the checkpoint's
 * signature ({@link Checkpoints#verify} does). With a verified proof, a verifier that recomputes the client's chain
 * from {@code count} entries and reaches {@code head} knows it holds every entry of the client up to that checkpoint.
 */
public record ClientMapProof(
        @JsonProperty(required = true) String clientId,
        @JsonProperty(required = true) long treeSize,
        @JsonProperty(required = true) long index,
        @JsonProperty(required = true) long clients,
        @JsonProperty(required = true) long count,
        @JsonProperty(required = true) String head,
        @JsonProperty(required = true) List<String> path) {

    /** The document for a head at this index of a map of {@code clients} leaves, with its inclusion path. */
    public static ClientMapProof of(long treeSize, long index, long clients, ClientChain.Head head, List<byte[]> path) {
        return new ClientMapProof(head.clientId(), treeSize, index, clients, head.count(), Hex.encode(head.chainHash()),
                path.stream().map(Hex::encode).toList());
    }

    /** "client map proof of client X (tree size n)", how problems name this proof. */
    public String where() {
        return "client map proof of client " + clientId + " (tree size " + treeSize + ")";
    }

    /**
     * Whether the proof shows that the client's chain had {@code count} entries ending in {@code head} in the client
     * map of {@code checkpoint}: the tree sizes and map sizes must match, the checkpoint must be of format v2, and the
     * path must verify against its client map root. Never throws on bad input.
     */
    public Verdict verify(Checkpoint checkpoint) {
        List<Problem> problems = new ArrayList<>();
        if (checkpoint.treeSize() != treeSize) {
            problems.add(new Problem(where(), "is a proof for the checkpoint of tree size " + treeSize
                    + ", not of size " + checkpoint.treeSize()));
            return Verdict.of(problems);
        }
        if (checkpoint.clients() == null || !Hex.isHash(checkpoint.clientMapRoot())) {
            problems.add(new Problem(where(), "the checkpoint of tree size " + treeSize + " signs no client map "
                    + "(format v1): nothing to check against"));
            return Verdict.of(problems);
        }
        if (checkpoint.clients() != clients) {
            problems.add(new Problem(where(), "is a proof in a map of " + clients + " clients, but the checkpoint's "
                    + "map has " + checkpoint.clients()));
        }
        if (clientId == null) {
            problems.add(new Problem(where(), "names no client"));
        }
        if (count < 1) {
            problems.add(new Problem(where(), "count is " + count + ": a client in the map has entries"));
        }
        if (!Hex.isHash(head)) {
            problems.add(new Problem(where(), "head is not a SHA-256 hash in lowercase hex: \""
                    + Hex.shorten(String.valueOf(head)) + "\""));
        }
        List<byte[]> hashes = ConsistencyProof.decodeHashes(path, where(), problems);
        if (!problems.isEmpty()) {
            return Verdict.of(problems);
        }
        if (!ClientMap.verify(new ClientChain.Head(clientId, count, Hex.decodeHash(head)), index, clients, hashes,
                Hex.decodeHash(checkpoint.clientMapRoot()))) {
            problems.add(new Problem(where(), "does not verify against the client map of the checkpoint of tree size "
                    + treeSize + " (client-map-root " + checkpoint.clientMapRoot() + "): the client's chain did not "
                    + "have " + count + " entries ending in " + head + " at that size"));
        }
        return Verdict.of(problems);
    }
}
