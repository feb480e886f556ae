package com.precautionfirst.verifier;

import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree (RFC 6962) that grows one leaf at a time and keeps only its frontier: for each level L where
 * bit L of the size is set, the complete subtree (L, (size >> L) - 1) that still waits for a right sibling. At
 * most 64 hashes, whatever the size.
 *
 * <p>What it guarantees: after any sequence of appends, {@link #root()} equals {@link MerkleTree#root(List)} over
 * the same leaf hashes; {@link #append} returns every complete subtree the new leaf completes (the leaf itself at
 * level 0, then each new parent), which are exactly the nodes a {@link MerkleTree.HashSource} must answer for; and
 * {@link #resume} continues a tree from stored nodes as if it had never stopped. Not thread-safe.
 */
public final class IncrementalTree {

    /** A complete subtree: it covers leaves [index * 2^level, (index + 1) * 2^level). */
    public record Node(int level, long index, byte[] hash) {
        public Node {
            MerkleTree.requireHash(hash, "the hash of node (" + level + ", " + index + ")");
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Node node && level == node.level && index == node.index
                    && java.util.Arrays.equals(hash, node.hash);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * level + Long.hashCode(index)) + java.util.Arrays.hashCode(hash);
        }

        @Override
        public String toString() {
            return "Node[level=" + level + ", index=" + index + ", hash=" + Hex.encode(hash) + "]";
        }
    }

    private final byte[][] pending = new byte[64][];
    private long size;

    /** An empty tree. */
    public IncrementalTree() {
    }

    /**
     * The tree of the first {@code size} leaves, continued from stored nodes: reads only the frontier, one node
     * for each level L where {@code (size >> L)} is odd, node (L, (size >> L) - 1), lowest level first.
     *
     * @throws IllegalArgumentException for a negative size
     * @throws IllegalStateException if the source has no 32-byte hash for a frontier node
     */
    public static IncrementalTree resume(long size, MerkleTree.HashSource source) {
        if (size < 0) {
            throw new IllegalArgumentException("no tree of size " + size);
        }
        IncrementalTree tree = new IncrementalTree();
        for (int level = 0; level < 63; level++) {
            long count = size >> level;
            if ((count & 1) == 1) {
                byte[] hash = source.completeSubtree(level, count - 1);
                if (hash == null || hash.length != MerkleTree.HASH_LENGTH) {
                    throw new IllegalStateException("the hash source has no 32-byte hash for the node at level "
                            + level + ", index " + (count - 1) + ", needed to resume a tree of size " + size);
                }
                tree.pending[level] = hash.clone();
            }
        }
        tree.size = size;
        return tree;
    }

    /**
     * Adds the next leaf.
     *
     * @return the complete subtrees this leaf completes, lowest first: the leaf (level 0, index = old size), then
     *         every parent it finishes
     * @throws IllegalArgumentException if the hash is not 32 bytes
     */
    public List<Node> append(byte[] leafHash) {
        MerkleTree.requireHash(leafHash, "the leaf hash");
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the tree is full");
        }
        List<Node> created = new ArrayList<>();
        byte[] hash = leafHash.clone();
        int level = 0;
        created.add(new Node(level, size, hash));
        while (((size >> level) & 1) == 1) {
            hash = MerkleTree.nodeHash(pending[level], hash);
            pending[level] = null;
            level++;
            created.add(new Node(level, size >> level, hash));
        }
        pending[level] = hash;
        size++;
        return created;
    }

    /** The number of leaves. */
    public long size() {
        return size;
    }

    /** The root hash: the frontier folded from the lowest level up; {@link MerkleTree#emptyRoot()} when empty. */
    public byte[] root() {
        byte[] root = fold(pending, pending.length);
        return root == null ? MerkleTree.emptyRoot() : root.clone();
    }

    /**
     * The hash of the subtrees of a frontier below {@code level} (each complete subtree waiting at a lower level,
     * folded from the lowest up, the higher one on the left), or null when none waits there: the root of the tree
     * when {@code level} is past the top.
     */
    static byte[] fold(byte[][] frontier, int level) {
        byte[] folded = null;
        for (int lower = 0; lower < level; lower++) {
            if (frontier[lower] != null) {
                folded = folded == null ? frontier[lower] : MerkleTree.nodeHash(frontier[lower], folded);
            }
        }
        return folded;
    }
}
