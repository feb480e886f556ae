package com.precautionfirst.verifier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The client map of a checkpoint ({@link ClientMap}) computed from the heads given one at a time in the map's order,
 * in memory that does not grow with the number of clients: it keeps the frontier of the tree (at most 64 hashes, as
 * {@link IncrementalTree}) and, for each client whose proof was asked for, that client's audit path so far.
 * So a service with a million clients signs and proves its map from a stream of rows.
 *
 * <p>What it guarantees: after the same heads, {@link #clients()}, {@link #root()} and {@link #proof} equal those of
 * {@link ClientMap#of} (tested against it for every size up to 70 and every client). A head out of order, a second
 * head for a client or a head without entries is refused, so a source that does not give the map's order (a database
 * collation other than the bytes) fails instead of signing another root. Not thread-safe.
 */
public final class StreamedClientMap {

    private final long treeSize;
    private final Set<String> proving;
    private final byte[][] pending = new byte[64][];
    /** For each level of {@link #pending}, the clients asked for whose leaf is under that subtree. */
    private final List<List<Path>> pathsUnder = new ArrayList<>();
    private final Map<String, Path> paths = new HashMap<>();
    private long size;
    private String last;

    /**
     * An empty map, as the map of the checkpoint of {@code treeSize}, that will answer the proofs of these clients.
     */
    public StreamedClientMap(long treeSize, Collection<String> proofsFor) {
        this.treeSize = treeSize;
        this.proving = Set.copyOf(proofsFor);
        for (int level = 0; level < pending.length; level++) {
            pathsUnder.add(new ArrayList<>());
        }
    }

    /**
     * Adds the next client's head.
     *
     * @throws IllegalArgumentException if the head has no entries, or its client does not come after the previous
     *                                  one in {@link ClientMap#ORDER}
     */
    public void add(ClientChain.Head head) {
        if (head.count() < 1) {
            throw new IllegalArgumentException("client " + head.clientId()
                    + " has no entries, so it is not in the map");
        }
        if (last != null && ClientMap.ORDER.compare(last, head.clientId()) >= 0) {
            throw new IllegalArgumentException("client " + head.clientId() + " does not come after client " + last
                    + " in the order of the map (the UTF-8 bytes of the ids)");
        }
        last = head.clientId();
        byte[] hash = ClientMap.leafHash(head);
        List<Path> carried = new ArrayList<>();
        if (proving.contains(head.clientId())) {
            Path path = new Path(head, size);
            carried.add(path);
            paths.put(head.clientId(), path);
        }
        int level = 0;
        while (((size >> level) & 1) == 1) {
            byte[] left = pending[level];
            List<Path> leftPaths = pathsUnder.get(level);
            for (Path path : leftPaths) {
                path.siblings.add(hash);
            }
            for (Path path : carried) {
                path.siblings.add(left);
            }
            carried.addAll(leftPaths);
            pathsUnder.set(level, new ArrayList<>());
            hash = MerkleTree.nodeHash(left, hash);
            pending[level] = null;
            level++;
        }
        pending[level] = hash;
        pathsUnder.set(level, carried);
        size++;
    }

    /** The number of clients added: what a checkpoint signs as {@code clients}. */
    public long clients() {
        return size;
    }

    /**
     * The map's root: what a checkpoint signs as {@code client-map-root}; {@link MerkleTree#emptyRoot()} when empty.
     */
    public byte[] root() {
        byte[] root = IncrementalTree.fold(pending, pending.length);
        return root == null ? MerkleTree.emptyRoot() : root.clone();
    }

    /**
     * The proof of the client's head in the map of the heads added so far, if it was asked for and added. Its path
     * is the one inside the client's complete subtree, then the root of the smaller subtrees to its right (folded as
     * {@link #root()} folds them), then each larger subtree to its left, lowest first: PATH of RFC 6962.
     */
    public Optional<ClientMapProof> proof(String clientId) {
        Path path = paths.get(clientId);
        if (path == null) {
            return Optional.empty();
        }
        return Optional.of(ClientMapProof.of(treeSize, path.index, size, path.head, finish(path, levelOf(path.index))));
    }

    /** The level of the complete subtree of the frontier that holds this leaf: they cover the leaves largest first. */
    private int levelOf(long index) {
        long start = 0;
        for (int level = pending.length - 1; level > 0; level--) {
            if (pending[level] != null) {
                start += 1L << level;
                if (index < start) {
                    return level;
                }
            }
        }
        return 0;
    }

    private List<byte[]> finish(Path path, int level) {
        List<byte[]> siblings = new ArrayList<>(path.siblings);
        byte[] right = IncrementalTree.fold(pending, level);
        if (right != null) {
            siblings.add(right);
        }
        for (int higher = level + 1; higher < pending.length; higher++) {
            if (pending[higher] != null) {
                siblings.add(pending[higher]);
            }
        }
        return siblings;
    }

    private static final class Path {
        final ClientChain.Head head;
        final long index;
        final List<byte[]> siblings = new ArrayList<>();

        Path(ClientChain.Head head, long index) {
            this.head = head;
            this.index = index;
        }
    }
}
