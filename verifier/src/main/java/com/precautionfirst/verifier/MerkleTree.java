package com.precautionfirst.verifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 (and RFC 9162 section 2.1) over SHA-256: tree hashes, inclusion and consistency
 * proofs, and their verification.
 *
 * <p>What it guarantees: {@link #root}, {@link #inclusionProof} and {@link #consistencyProof} compute exactly
 * MTH, PATH and PROOF of RFC 6962 section 2.1, so any RFC 6962 verifier accepts their output (checked against
 * the published test vectors); {@link #verifyInclusion} and {@link #verifyConsistency} follow the verification
 * algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2 step by step and answer {@code false}, never an
 * exception, for any input that does not prove what it claims: a size or index out of range, a hash that is not
 * 32 bytes, a proof of the wrong length, any hash that does not chain to the given root. Proof generation asks
 * its {@link HashSource} for nodes in an order that depends only on the sizes and the index, never on hash
 * values, so a caller may first record which nodes a proof needs and fetch them all at once.
 */
public final class MerkleTree {

    /** The length of every hash in the tree: SHA-256, 32 bytes. */
    public static final int HASH_LENGTH = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {
    }

    /**
     * Where the hashes of complete subtrees come from: an in-memory list, or the stored node rows of the service.
     */
    @FunctionalInterface
    public interface HashSource {

        /**
         * The hash of the complete subtree that covers the leaves [index * 2^level, (index + 1) * 2^level);
         * at level 0 the hash of leaf {@code index}. Must answer a 32-byte hash for every node the tree has;
         * {@code null} means the node is not there, and the computation asking for it fails.
         */
        byte[] completeSubtree(int level, long index);

        /**
         * A source over the given leaf hashes, with every complete subtree computed once up front. The list is
         * copied: later changes to it are not seen.
         */
        static HashSource ofLeaves(List<byte[]> leafHashes) {
            List<byte[][]> levels = new ArrayList<>();
            byte[][] level = new byte[leafHashes.size()][];
            for (int i = 0; i < level.length; i++) {
                level[i] = requireHash(leafHashes.get(i), "leaf hash " + i).clone();
            }
            levels.add(level);
            while (level.length > 1) {
                byte[][] parents = new byte[level.length / 2][];
                for (int i = 0; i < parents.length; i++) {
                    parents[i] = nodeHash(level[2 * i], level[2 * i + 1]);
                }
                levels.add(parents);
                level = parents;
            }
            return (lvl, index) -> {
                if (lvl < 0 || lvl >= levels.size() || index < 0 || index >= levels.get(lvl).length) {
                    return null;
                }
                return levels.get(lvl)[(int) index];
            };
        }
    }

    /** MTH({}) = SHA-256 of the empty string, e3b0c442...b855. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** MTH({d}) = SHA-256(0x00 || d), the hash of one leaf. */
    public static byte[] leafHash(byte[] leafBytes) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        digest.update(leafBytes);
        return digest.digest();
    }

    /** SHA-256(0x01 || left || right), the hash of an interior node. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /**
     * MTH(D[start:end]): the hash of the tree over leaves start (inclusive) to end (exclusive), as RFC 6962 defines
     * it recursively. A complete, aligned range is one lookup; any other range is split at the largest power of two
     * smaller than its size. {@code start == end} is the empty tree.
     *
     * @throws IllegalArgumentException if {@code 0 <= start <= end} does not hold
     * @throws IllegalStateException if the source has no 32-byte hash for a node it needs
     */
    public static byte[] rangeHash(long start, long end, HashSource source) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no leaf range [" + start + ", " + end + ")");
        }
        long size = end - start;
        if (size == 0) {
            return emptyRoot();
        }
        if (Long.bitCount(size) == 1 && start % size == 0) {
            return lookup(source, Long.numberOfTrailingZeros(size), start / size);
        }
        long k = largestPowerOfTwoBelow(size);
        return nodeHash(rangeHash(start, start + k, source), rangeHash(start + k, end, source));
    }

    /** The root hash of the tree of the first {@code treeSize} leaves; {@link #emptyRoot()} for 0. */
    public static byte[] root(long treeSize, HashSource source) {
        return rangeHash(0, treeSize, source);
    }

    /** The root hash of the tree over these leaf hashes. */
    public static byte[] root(List<byte[]> leafHashes) {
        return root(leafHashes.size(), HashSource.ofLeaves(leafHashes));
    }

    /**
     * PATH(leafIndex, D[treeSize]) of RFC 6962 section 2.1.1: the sibling hashes from the leaf up to the root,
     * lowest first.
     *
     * @throws IllegalArgumentException unless {@code 0 <= leafIndex < treeSize}
     */
    public static List<byte[]> inclusionProof(long leafIndex, long treeSize, HashSource source) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is not in a tree of size " + treeSize);
        }
        List<byte[]> proof = new ArrayList<>();
        path(leafIndex, 0, treeSize, source, proof);
        return proof;
    }

    private static void path(long leaf, long start, long end, HashSource source, List<byte[]> proof) {
        long size = end - start;
        if (size == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(size);
        if (leaf < start + k) {
            path(leaf, start, start + k, source, proof);
            proof.add(rangeHash(start + k, end, source));
        } else {
            path(leaf, start + k, end, source, proof);
            proof.add(rangeHash(start, start + k, source));
        }
    }

    /**
     * PROOF(oldSize, D[newSize]) of RFC 6962 section 2.1.2: the hashes that show the tree of the first
     * {@code oldSize} leaves is a prefix of the tree of {@code newSize} leaves. Empty for {@code oldSize == 0} and
     * {@code oldSize == newSize}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= oldSize <= newSize}
     */
    public static List<byte[]> consistencyProof(long oldSize, long newSize, HashSource source) {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from size " + oldSize + " to size " + newSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(oldSize, 0, newSize, true, source, proof);
        }
        return proof;
    }

    /** SUBPROOF(m, D[start:end], complete), with m counted from {@code start}. */
    private static void subproof(long m, long start, long end, boolean complete, HashSource source,
                                 List<byte[]> proof) {
        long size = end - start;
        if (m == size) {
            if (!complete) {
                proof.add(rangeHash(start, end, source));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(size);
        if (m <= k) {
            subproof(m, start, start + k, complete, source, proof);
            proof.add(rangeHash(start + k, end, source));
        } else {
            subproof(m - k, start + k, end, false, source, proof);
            proof.add(rangeHash(start, start + k, source));
        }
    }

    /**
     * Whether {@code proof} shows that the leaf with hash {@code leafHash} is leaf number {@code leafIndex} of the
     * tree of size {@code treeSize} with root {@code root}: RFC 9162 section 2.1.3.2. False for
     * {@code leafIndex >= treeSize}, negative numbers, hashes that are not 32 bytes, a proof longer or shorter
     * than the path, and any mismatch.
     */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
                                          byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize || !isHash(leafHash) || !isHash(root) || !allHashes(proof)) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Whether {@code proof} shows that the tree of size {@code oldSize} with root {@code oldRoot} is a prefix of
     * the tree of size {@code newSize} with root {@code newRoot}: RFC 9162 section 2.1.4.2 for
     * {@code 0 < oldSize < newSize}. Also: {@code oldSize > newSize} is refused; for {@code oldSize == newSize}
     * the proof must be empty and the roots equal; for {@code oldSize == 0} the proof must be empty and
     * {@code oldRoot} must be {@link #emptyRoot()}. Hashes that are not 32 bytes are refused.
     */
    public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot,
                                            List<byte[]> proof) {
        if (oldSize < 0 || oldSize > newSize || !isHash(oldRoot) || !isHash(newRoot) || !allHashes(proof)) {
            return false;
        }
        if (oldSize == 0) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, emptyRoot())
                    && (newSize > 0 || MessageDigest.isEqual(newRoot, oldRoot));
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        // 1. an empty consistency path fails
        if (proof.isEmpty()) {
            return false;
        }
        // 2. if first is an exact power of 2, prepend first_hash
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(oldSize) == 1) {
            path.add(oldRoot);
        }
        path.addAll(proof);
        // 3. fn = first - 1, sn = second - 1
        long fn = oldSize - 1;
        long sn = newSize - 1;
        // 4. while LSB(fn) is set, right-shift both
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        // 5. fr = sr = first value of the path
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        // 6. for each subsequent value c
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // 7. fr == first_hash, sr == second_hash, sn == 0
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }

    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static byte[] lookup(HashSource source, int level, long index) {
        byte[] hash = source.completeSubtree(level, index);
        if (!isHash(hash)) {
            throw new IllegalStateException("the hash source has no 32-byte hash for the node at level " + level
                    + ", index " + index);
        }
        return hash;
    }

    static byte[] requireHash(byte[] hash, String what) {
        if (!isHash(hash)) {
            throw new IllegalArgumentException(what + " is not a 32-byte hash");
        }
        return hash;
    }

    private static boolean isHash(byte[] hash) {
        return hash != null && hash.length == HASH_LENGTH;
    }

    private static boolean allHashes(List<byte[]> proof) {
        if (proof == null) {
            return false;
        }
        for (byte[] p : proof) {
            if (!isHash(p)) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
