package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Properties over random trees of 1 to 2,000 leaves (see {@link RandomCases} for the seeds): honest proofs
 * verify, every single-bit change is refused, and the incremental tree's stored nodes serve the same proofs as
 * the leaves themselves.
 */
class MerkleTreePropertiesTest {

    static final int MAX_LEAVES = 2_000;

    static LongStream seeds() {
        return RandomCases.seeds(150);
    }

    @Test
    void everyProofOfEveryTreeUpTo64LeavesVerifies() {
        List<byte[]> leaves = RandomCases.leafHashes(new SplittableRandom(RandomCases.BASE_SEED), 64);
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leaves);
        for (int n = 1; n <= 64; n++) {
            byte[] root = MerkleTree.root(n, source);
            for (int i = 0; i < n; i++) {
                assertThat(MerkleTree.verifyInclusion(i, n, leaves.get(i), MerkleTree.inclusionProof(i, n, source), root))
                        .as("leaf %d of %d", i, n).isTrue();
            }
            for (int m = 0; m <= n; m++) {
                assertThat(MerkleTree.verifyConsistency(m, n, MerkleTree.root(m, source), root,
                        MerkleTree.consistencyProof(m, n, source))).as("%d to %d", m, n).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anHonestInclusionProofVerifiesAndEverySingleBitFlipIsRefused(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = RandomCases.treeSize(random, MAX_LEAVES);
        int i = random.nextInt(n);
        List<byte[]> leaves = RandomCases.leafHashes(random, n);
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leaves);
        byte[] root = MerkleTree.root(n, source);
        byte[] leaf = leaves.get(i);
        List<byte[]> proof = MerkleTree.inclusionProof(i, n, source);
        String what = "seed " + seed + ": leaf " + i + " of " + n;

        assertThat(MerkleTree.verifyInclusion(i, n, leaf, proof, root)).as(what).isTrue();
        for (int bit = 0; bit < 256; bit++) {
            assertThat(MerkleTree.verifyInclusion(i, n, flip(leaf, bit), proof, root))
                    .as("%s, leaf hash bit %d flipped", what, bit).isFalse();
            assertThat(MerkleTree.verifyInclusion(i, n, leaf, proof, flip(root, bit)))
                    .as("%s, root bit %d flipped", what, bit).isFalse();
            for (int k = 0; k < proof.size(); k++) {
                assertThat(MerkleTree.verifyInclusion(i, n, leaf, flip(proof, k, bit), root))
                        .as("%s, proof[%d] bit %d flipped", what, k, bit).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anHonestConsistencyProofVerifiesAndEverySingleBitFlipIsRefused(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = RandomCases.treeSize(random, MAX_LEAVES);
        int m = random.nextInt(3) == 0 ? RandomCases.treeSize(random, n) : random.nextInt(1, n + 1);
        List<byte[]> leaves = RandomCases.leafHashes(random, n);
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leaves);
        byte[] oldRoot = MerkleTree.root(m, source);
        byte[] newRoot = MerkleTree.root(n, source);
        List<byte[]> proof = MerkleTree.consistencyProof(m, n, source);
        String what = "seed " + seed + ": " + m + " to " + n;

        assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, proof)).as(what).isTrue();
        assertThat(MerkleTree.verifyConsistency(0, n, MerkleTree.emptyRoot(), newRoot, List.of())).as(what).isTrue();
        for (int bit = 0; bit < 256; bit++) {
            assertThat(MerkleTree.verifyConsistency(m, n, flip(oldRoot, bit), newRoot, proof))
                    .as("%s, old root bit %d flipped", what, bit).isFalse();
            assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, flip(newRoot, bit), proof))
                    .as("%s, new root bit %d flipped", what, bit).isFalse();
            assertThat(MerkleTree.verifyConsistency(0, n, flip(MerkleTree.emptyRoot(), bit), newRoot, List.of()))
                    .as("%s, from 0 with empty root bit %d flipped", what, bit).isFalse();
            for (int k = 0; k < proof.size(); k++) {
                assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, flip(proof, k, bit)))
                        .as("%s, proof[%d] bit %d flipped", what, k, bit).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aProofIsRefusedForAnyOtherIndexOrSize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = RandomCases.treeSize(random, MAX_LEAVES);
        List<byte[]> leaves = RandomCases.leafHashes(random, n + 1);
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leaves);
        int i = random.nextInt(n);
        List<byte[]> proof = MerkleTree.inclusionProof(i, n, source);
        String what = "seed " + seed + ": leaf " + i + " of " + n;
        for (int other = Math.max(0, i - 3); other <= Math.min(n, i + 3); other++) {
            if (other != i) {
                assertThat(MerkleTree.verifyInclusion(other, n, leaves.get(i), proof, MerkleTree.root(n, source)))
                        .as("%s presented as leaf %d", what, other).isFalse();
            }
        }
        for (int size : new int[] {n - 1, n + 1}) {
            if (size > i) {
                assertThat(MerkleTree.verifyInclusion(i, size, leaves.get(i), proof, MerkleTree.root(size, source)))
                        .as("%s presented against the root of size %d", what, size).isFalse();
            }
        }

        int m = random.nextInt(1, n + 1);
        List<byte[]> consistency = MerkleTree.consistencyProof(m, n, source);
        for (int[] sizes : new int[][] {{m - 1, n}, {m + 1, n}, {m, n - 1}, {m, n + 1}, {n, m}}) {
            int oldSize = sizes[0];
            int newSize = sizes[1];
            if (oldSize >= 0 && newSize >= 0 && newSize <= n + 1 && (oldSize != m || newSize != n)) {
                boolean accepted = MerkleTree.verifyConsistency(oldSize, newSize, MerkleTree.root(oldSize, source),
                        MerkleTree.root(newSize, source), consistency);
                boolean honestlyEmpty = consistency.isEmpty()
                        && (oldSize == 0 || oldSize == newSize);
                assertThat(accepted).as("seed %d: proof %d to %d presented as %d to %d", seed, m, n, oldSize, newSize)
                        .isEqualTo(honestlyEmpty);
            }
        }
    }

    /** A leaf of the right part of a tree, presented with its whole path as a leaf of that part alone. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aPathThatClimbsAboveTheClaimedTreeIsRefused(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = Math.max(2, RandomCases.treeSize(random, MAX_LEAVES));
        long k = Long.highestOneBit(n - 1);
        int i = (int) (k + random.nextLong(n - k));
        List<byte[]> leaves = RandomCases.leafHashes(random, n);
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leaves);
        List<byte[]> proof = MerkleTree.inclusionProof(i, n, source);
        byte[] root = MerkleTree.root(n, source);
        assertThat(MerkleTree.verifyInclusion(i, n, leaves.get(i), proof, root)).isTrue();
        assertThat(MerkleTree.verifyInclusion(i - k, n - k, leaves.get(i), proof, root))
                .as("seed %d: leaf %d of %d presented as leaf %d of %d", seed, i, n, i - k, n - k).isFalse();
    }

    /** One more element X after an honest consistency proof, with both roots "grown" by X to match. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aConsistencyProofThatClimbsAboveBothTreesIsRefused(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = Math.max(3, RandomCases.treeSize(random, MAX_LEAVES));
        int m = random.nextInt(1, n);
        List<byte[]> leaves = RandomCases.leafHashes(random, n);
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leaves);
        byte[] x = RandomCases.leafHashes(random, 1).get(0);
        List<byte[]> proof = new ArrayList<>(MerkleTree.consistencyProof(m, n, source));
        proof.add(x);
        for (boolean xOnTheLeft : new boolean[] {true, false}) {
            byte[] oldRoot = xOnTheLeft ? MerkleTree.nodeHash(x, MerkleTree.root(m, source))
                    : MerkleTree.nodeHash(MerkleTree.root(m, source), x);
            byte[] newRoot = xOnTheLeft ? MerkleTree.nodeHash(x, MerkleTree.root(n, source))
                    : MerkleTree.nodeHash(MerkleTree.root(n, source), x);
            assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, proof))
                    .as("seed %d: %d to %d with X appended", seed, m, n).isFalse();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void storedNodesOfTheIncrementalTreeServeTheSameRootsAndProofs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = RandomCases.treeSize(random, MAX_LEAVES);
        List<byte[]> leaves = RandomCases.leafHashes(random, n);
        Map<String, byte[]> stored = new HashMap<>();
        IncrementalTree tree = new IncrementalTree();
        for (byte[] leaf : leaves) {
            for (IncrementalTree.Node node : tree.append(leaf)) {
                assertThat(stored.put(node.level() + "/" + node.index(), node.hash()))
                        .as("node (%d, %d) created twice", node.level(), node.index()).isNull();
            }
        }
        MerkleTree.HashSource fromRows = (level, index) -> stored.get(level + "/" + index);
        MerkleTree.HashSource fromLeaves = MerkleTree.HashSource.ofLeaves(leaves);
        String what = "seed " + seed + ", " + n + " leaves";

        assertThat(tree.root()).as(what).isEqualTo(MerkleTree.root(leaves));
        assertThat(MerkleTree.root(n, fromRows)).as(what).isEqualTo(MerkleTree.root(leaves));
        for (int t = 0; t < 20; t++) {
            int size = random.nextInt(1, n + 1);
            int i = random.nextInt(size);
            int m = random.nextInt(size + 1);
            assertThat(MerkleTree.root(size, fromRows)).as("%s, root of %d", what, size)
                    .isEqualTo(MerkleTree.root(size, fromLeaves));
            assertThat(MerkleTree.inclusionProof(i, size, fromRows)).as("%s, leaf %d of %d", what, i, size)
                    .containsExactlyElementsOf(MerkleTree.inclusionProof(i, size, fromLeaves));
            assertThat(MerkleTree.consistencyProof(m, size, fromRows)).as("%s, %d to %d", what, m, size)
                    .containsExactlyElementsOf(MerkleTree.consistencyProof(m, size, fromLeaves));
        }
        // the service stores exactly the complete subtrees: 2n - popcount(n) of them
        assertThat(stored).as(what).hasSize(2 * n - Integer.bitCount(n));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aResumedTreeGoesOnAsIfItHadNeverStopped(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = RandomCases.treeSize(random, MAX_LEAVES);
        int stop = random.nextInt(n + 1);
        List<byte[]> leaves = RandomCases.leafHashes(random, n);
        Map<String, byte[]> stored = new HashMap<>();
        IncrementalTree first = new IncrementalTree();
        for (byte[] leaf : leaves.subList(0, stop)) {
            first.append(leaf).forEach(node -> stored.put(node.level() + "/" + node.index(), node.hash()));
        }
        List<String> read = new ArrayList<>();
        IncrementalTree resumed = IncrementalTree.resume(stop, (level, index) -> {
            read.add(level + "/" + index);
            return stored.get(level + "/" + index);
        });
        String what = "seed " + seed + ": " + n + " leaves, stopped after " + stop;
        assertThat(read).as(what).hasSize(Long.bitCount(stop));
        assertThat(resumed.size()).isEqualTo(stop);
        assertThat(resumed.root()).as(what).isEqualTo(first.root());

        IncrementalTree scratch = new IncrementalTree();
        leaves.subList(0, stop).forEach(scratch::append);
        for (byte[] leaf : leaves.subList(stop, n)) {
            assertThat(resumed.append(leaf)).as(what).containsExactlyElementsOf(scratch.append(leaf));
        }
        assertThat(resumed.root()).as(what).isEqualTo(MerkleTree.root(leaves));
    }

    /** The service records which nodes a proof needs with a dummy source, fetches them, and runs again. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theNodesAProofReadsDoNotDependOnTheirHashes(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = RandomCases.treeSize(random, MAX_LEAVES);
        int i = random.nextInt(n);
        int m = random.nextInt(n + 1);
        MerkleTree.HashSource real = MerkleTree.HashSource.ofLeaves(RandomCases.leafHashes(random, n));
        byte[] zeros = new byte[32];
        List<String> dummyReads = new ArrayList<>();
        List<String> realReads = new ArrayList<>();
        MerkleTree.inclusionProof(i, n, record(dummyReads, (level, index) -> zeros));
        MerkleTree.consistencyProof(m, n, record(dummyReads, (level, index) -> zeros));
        MerkleTree.root(n, record(dummyReads, (level, index) -> zeros));
        MerkleTree.inclusionProof(i, n, record(realReads, real));
        MerkleTree.consistencyProof(m, n, record(realReads, real));
        MerkleTree.root(n, record(realReads, real));
        assertThat(realReads).as("seed %d", seed).isEqualTo(dummyReads);
    }

    private static MerkleTree.HashSource record(List<String> reads, MerkleTree.HashSource source) {
        return (level, index) -> {
            reads.add(level + "/" + index);
            return source.completeSubtree(level, index);
        };
    }

    static byte[] flip(byte[] hash, int bit) {
        byte[] changed = hash.clone();
        changed[bit / 8] ^= (byte) (1 << (bit % 8));
        return changed;
    }

    static List<byte[]> flip(List<byte[]> proof, int element, int bit) {
        List<byte[]> changed = new ArrayList<>(proof);
        changed.set(element, flip(proof.get(element), bit));
        return changed;
    }
}
