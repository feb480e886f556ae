package com.precautionfirst.verifier;

import static com.precautionfirst.verifier.MerkleTreeKnownAnswerTest.CONSISTENCY_PROOFS;
import static com.precautionfirst.verifier.MerkleTreeKnownAnswerTest.INCLUSION_PROOFS;
import static com.precautionfirst.verifier.MerkleTreeKnownAnswerTest.LEAF_INPUTS;
import static com.precautionfirst.verifier.MerkleTreeKnownAnswerTest.hex;
import static com.precautionfirst.verifier.MerkleTreeKnownAnswerTest.hexes;
import static com.precautionfirst.verifier.MerkleTreeKnownAnswerTest.leafHashes;
import static com.precautionfirst.verifier.MerkleTreeKnownAnswerTest.root;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tampered proofs are refused. The first part ports the corruptions that transparency-dev/merkle's
 * cmd/proofgen/main.go (commit 417fb0c) applies to the published vectors; the second part names each tampering
 * an attacker with database access could try. Every case starts from a proof that verifies, so a refusal is
 * caused by the tampering alone.
 */
class MerkleTreeTamperingTest {

    /** proofgen's sha256SomeHash: a well-formed hash of no tree. */
    static final byte[] SOME_HASH = hex("abacaba000000000000000000000000000000000000000000060061e00123456");
    static final byte[] EMPTY_ROOT = MerkleTree.emptyRoot();

    record Inclusion(String desc, long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        boolean verifies() {
            return MerkleTree.verifyInclusion(leafIndex, treeSize, leafHash, proof, root);
        }
    }

    record Consistency(String desc, long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
        boolean verifies() {
            return MerkleTree.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof);
        }
    }

    // ---- proofgen's corruptions of the published vectors ----

    @Test
    void proofgenCorruptionsOfThePublishedInclusionProofsAreRefused() {
        int checked = 0;
        for (MerkleTreeKnownAnswerTest.InclusionVector v : INCLUSION_PROOFS) {
            long i = v.leafIndex();
            long n = v.treeSize();
            byte[] leaf = MerkleTree.leafHash(LEAF_INPUTS.get((int) i));
            List<byte[]> proof = hexes(v.proof());
            byte[] root = root(n);
            assertThat(new Inclusion("happy path", i, n, leaf, proof, root).verifies()).as("%s", v).isTrue();

            List<Inclusion> bad = new ArrayList<>(List.of(
                    new Inclusion("leafIdx sub @1", i - 1, n, leaf, proof, root),
                    new Inclusion("leafIdx plus @1", i + 1, n, leaf, proof, root),
                    new Inclusion("leafIdx XOR @2", i ^ 2, n, leaf, proof, root),
                    new Inclusion("treeSize mul @2", i, n * 2, leaf, proof, root),
                    new Inclusion("treeSize div @2", i, n / 2, leaf, proof, root),
                    new Inclusion("wrong leaf", i, n, "WrongLeaf".getBytes(StandardCharsets.US_ASCII), proof, root),
                    new Inclusion("empty root", i, n, leaf, proof, EMPTY_ROOT),
                    new Inclusion("random root", i, n, leaf, proof, SOME_HASH),
                    new Inclusion("trailing garbage", i, n, leaf, append(proof, new byte[0]), root),
                    new Inclusion("trailing root", i, n, leaf, append(proof, root), root),
                    new Inclusion("preceding garbage", i, n, leaf, prepend(new byte[0], proof), root),
                    new Inclusion("preceding root", i, n, leaf, prepend(root, proof), root)));
            for (int k = 0; k < proof.size(); k++) {
                bad.add(new Inclusion("modified proof[" + k + "] bit @3", i, n, leaf, flipBit(proof, k, 3), root));
            }
            if (!proof.isEmpty()) {
                bad.add(new Inclusion("removed component", i, n, leaf, proof.subList(0, proof.size() - 1), root));
            }
            if (proof.size() > 1) {
                List<byte[]> inserted = new ArrayList<>(List.of(proof.get(0), SOME_HASH));
                inserted.addAll(proof.subList(1, proof.size()));
                bad.add(new Inclusion("inserted component", i, n, leaf, inserted, root));
            }
            for (Inclusion probe : bad) {
                assertThat(probe.verifies()).as("%s: %s", v, probe.desc()).isFalse();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(77);
    }

    @Test
    void proofgenInclusionProbesWithoutATreeAreRefused() {
        byte[] data = MerkleTree.leafHash("data".getBytes(StandardCharsets.US_ASCII));
        assertThat(MerkleTree.verifyInclusion(0, 1, data, List.of(), data)).as("matching root and leaf").isTrue();
        assertThat(MerkleTree.verifyInclusion(0, 1, new byte[0], List.of(), data)).as("empty leaf").isFalse();
        assertThat(MerkleTree.verifyInclusion(0, 1, data, List.of(), new byte[0])).as("empty root").isFalse();
        assertThat(MerkleTree.verifyInclusion(0, 1, new byte[0], List.of(), new byte[0])).as("both empty").isFalse();
        for (long[] indexAndSize : new long[][] {{0, 0}, {0, 1}, {1, 0}, {2, 1}}) {
            long i = indexAndSize[0];
            long n = indexAndSize[1];
            assertThat(MerkleTree.verifyInclusion(i, n, SOME_HASH, List.of(), new byte[0])).isFalse();
            assertThat(MerkleTree.verifyInclusion(i, n, new byte[0], List.of(), EMPTY_ROOT)).isFalse();
            assertThat(MerkleTree.verifyInclusion(i, n, SOME_HASH, List.of(), EMPTY_ROOT)).isFalse();
        }
    }

    @Test
    void proofgenCorruptionsOfThePublishedConsistencyProofsAreRefused() {
        byte[] wrongRoot = "WrongRoot".getBytes(StandardCharsets.US_ASCII);
        int checked = 0;
        for (MerkleTreeKnownAnswerTest.ConsistencyVector v : CONSISTENCY_PROOFS) {
            long m = v.oldSize();
            long n = v.newSize();
            List<byte[]> proof = hexes(v.proof());
            byte[] root1 = root(m);
            byte[] root2 = root(n);
            assertThat(new Consistency("happy path", m, n, root1, root2, proof).verifies()).as("%s", v).isTrue();
            if (proof.isEmpty()) {
                continue; // like proofgen: only non-trivial proofs are corrupted
            }
            List<Consistency> bad = new ArrayList<>(List.of(
                    new Consistency("size1 sub @1", m - 1, n, root1, root2, proof),
                    new Consistency("size1 plus @1", m + 1, n, root1, root2, proof),
                    new Consistency("size1 XOR @2", m ^ 2, n, root1, root2, proof),
                    new Consistency("size2 mul @2", m, n * 2, root1, root2, proof),
                    new Consistency("size2 div @2", m, n / 2, root1, root2, proof),
                    new Consistency("wrong root1", m, n, wrongRoot, root2, proof),
                    new Consistency("wrong root2", m, n, root1, wrongRoot, proof),
                    new Consistency("swapped roots", m, n, root2, root1, proof),
                    new Consistency("empty proof", m, n, root1, root2, List.of()),
                    new Consistency("trailing garbage", m, n, root1, root2, append(proof, new byte[0])),
                    new Consistency("trailing root1", m, n, root1, root2, append(proof, root1)),
                    new Consistency("trailing root2", m, n, root1, root2, append(proof, root2)),
                    new Consistency("preceding garbage", m, n, root1, root2, prepend(new byte[0], proof)),
                    new Consistency("preceding root1", m, n, root1, root2, prepend(root1, proof)),
                    new Consistency("preceding root2", m, n, root1, root2, prepend(root2, proof)),
                    new Consistency("preceding proof @0", m, n, root1, root2, prepend(proof.get(0), proof)),
                    new Consistency("truncated proof", m, n, root1, root2, proof.subList(0, proof.size() - 1))));
            for (int k = 0; k < proof.size(); k++) {
                bad.add(new Consistency("modified proof@" + k + " bit @4", m, n, root1, root2, flipBit(proof, k, 4)));
            }
            for (Consistency probe : bad) {
                assertThat(probe.verifies()).as("%s: %s", v, probe.desc()).isFalse();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(79);
    }

    /**
     * proofgen's static consistency probes. Two deliberate differences: roots that are not 32 bytes are always
     * refused (proofgen accepts sizes 1 to 1 with two equal 12-byte "roots"; here a 32-byte root stands in), and
     * a tree of size 0 is consistent with every tree when the proof is empty and the old root is the empty root
     * (transparency-dev refuses any proof from size 0).
     */
    @Test
    void proofgenStaticConsistencyProbes() {
        byte[] root1 = "don't care 1".getBytes(StandardCharsets.US_ASCII);
        byte[] root2 = "don't care 2".getBytes(StandardCharsets.US_ASCII);
        byte[] someRoot = root(5);
        List<byte[]> none = List.of();
        List<byte[]> emptyRootOnly = List.of(EMPTY_ROOT);
        List<Consistency> refused = List.of(
                new Consistency("sizes are equal (zero) but roots are not", 0, 0, root1, root2, none),
                new Consistency("sizes are equal (one) but roots are not", 1, 1, root1, root2, none),
                new Consistency("sizes are equal (zero) and proof is empty", 0, 0, root1, root1, none),
                new Consistency("size1 is zero and does not equal size2", 0, 1, root1, root2, none),
                new Consistency("sizes are equal (one), 12-byte roots", 1, 1, root2, root2, none),
                new Consistency("size1 is greater than size2", 1, 0, root1, root2, none),
                new Consistency("size1 is greater than size2 again", 2, 1, root1, root2, none),
                new Consistency("sizes do not match and proof is empty", 1, 2, root1, root2, none),
                new Consistency("roots do not match and sizes are zero", 0, 0, EMPTY_ROOT, root2, none),
                new Consistency("roots do not match and sizes are one", 1, 1, EMPTY_ROOT, root2, none),
                new Consistency("sizes match, proof not empty, zero", 0, 0, EMPTY_ROOT, EMPTY_ROOT, emptyRootOnly),
                new Consistency("sizes match, proof not empty, one", 1, 1, EMPTY_ROOT, EMPTY_ROOT, emptyRootOnly),
                new Consistency("size1 is zero and size2 is not, 12-byte root2", 0, 1, EMPTY_ROOT, root2, none),
                new Consistency("size1 is zero, proof not empty", 0, 1, EMPTY_ROOT, EMPTY_ROOT, emptyRootOnly),
                new Consistency("size1 is zero, old root not the empty root", 0, 5, someRoot, someRoot, none));
        for (Consistency probe : refused) {
            assertThat(probe.verifies()).as(probe.desc()).isFalse();
        }
        assertThat(new Consistency("sizes are equal (one) and proof is empty", 1, 1, someRoot, someRoot, none)
                .verifies()).isTrue();
        assertThat(new Consistency("the empty tree is a prefix of any tree", 0, 5, EMPTY_ROOT, someRoot, none)
                .verifies()).isTrue();
        assertThat(new Consistency("the empty tree is a prefix of itself", 0, 0, EMPTY_ROOT, EMPTY_ROOT, none)
                .verifies()).isTrue();
    }

    // ---- what an attacker with database access would try ----

    /** Leaf 5 of the 8-leaf reference tree, and leaf 2 of the 7-leaf tree: proofs of 3 elements. */
    @Test
    void tamperedInclusionProofsAreRefused() {
        for (long[] indexAndSize : new long[][] {{5, 8}, {2, 7}, {0, 5}, {6, 7}}) {
            long i = indexAndSize[0];
            long n = indexAndSize[1];
            MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes((int) n));
            byte[] leaf = MerkleTree.leafHash(LEAF_INPUTS.get((int) i));
            List<byte[]> proof = MerkleTree.inclusionProof(i, n, source);
            byte[] root = root(n);
            assertThat(proof).hasSizeGreaterThanOrEqualTo(2);
            assertThat(MerkleTree.verifyInclusion(i, n, leaf, proof, root)).isTrue();

            Map<String, Inclusion> bad = new LinkedHashMap<>();
            bad.put("wrong sibling", new Inclusion("", i, n, leaf, replace(proof, 0, MerkleTree.leafHash(new byte[] {9})), root));
            bad.put("sibling from elsewhere in the tree", new Inclusion("", i, n, leaf, replace(proof, 1, leaf), root));
            bad.put("two siblings swapped", new Inclusion("", i, n, leaf, swap(proof, 0, 1), root));
            bad.put("proof too short", new Inclusion("", i, n, leaf, proof.subList(0, proof.size() - 1), root));
            bad.put("proof too long", new Inclusion("", i, n, leaf, append(proof, SOME_HASH), root));
            bad.put("proof too long by a copy", new Inclusion("", i, n, leaf, append(proof, proof.get(proof.size() - 1)), root));
            bad.put("tree size one smaller", new Inclusion("", i, n - 1, leaf, proof, root(n - 1)));
            bad.put("tree size one larger", new Inclusion("", i, n + 1, leaf, proof, rootOf(n + 1)));
            bad.put("leaf index one smaller", new Inclusion("", i - 1, n, leaf, proof, root));
            bad.put("leaf index one larger", new Inclusion("", i + 1, n, leaf, proof, root));
            bad.put("leaf index negative", new Inclusion("", -1, n, leaf, proof, root));
            bad.put("leaf index equal to the size", new Inclusion("", n, n, leaf, proof, root));
            bad.put("another leaf's hash", new Inclusion("", i, n, MerkleTree.leafHash(LEAF_INPUTS.get((int) (i + 1) % 8)), proof, root));
            bad.put("the leaf bytes instead of their hash", new Inclusion("", i, n, LEAF_INPUTS.get((int) i), proof, root));
            bad.put("root of another tree of the same size", new Inclusion("", i, n, leaf, proof, otherTreeRoot(n)));
            bad.put("root of the same tree at another size", new Inclusion("", i, n, leaf, proof, root(n - 1)));
            bad.put("no proof at all", new Inclusion("", i, n, leaf, List.of(), root));
            bad.put("null proof", new Inclusion("", i, n, leaf, null, root));
            bad.put("null element", new Inclusion("", i, n, leaf, replace(proof, 0, null), root));
            bad.put("null root", new Inclusion("", i, n, leaf, proof, null));
            bad.put("null leaf", new Inclusion("", i, n, null, proof, root));
            bad.forEach((desc, probe) -> assertThat(probe.verifies()).as("leaf %d of %d: %s", i, n, desc).isFalse());
        }
    }

    @Test
    void tamperedConsistencyProofsAreRefused() {
        for (long[] sizes : new long[][] {{3, 7}, {6, 8}, {2, 5}, {5, 7}}) {
            long m = sizes[0];
            long n = sizes[1];
            MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes((int) n));
            List<byte[]> proof = MerkleTree.consistencyProof(m, n, source);
            byte[] oldRoot = root(m);
            byte[] newRoot = root(n);
            assertThat(proof).hasSizeGreaterThanOrEqualTo(2);
            assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, proof)).isTrue();

            Map<String, Consistency> bad = new LinkedHashMap<>();
            bad.put("swapped sizes", new Consistency("", n, m, newRoot, oldRoot, proof));
            bad.put("swapped sizes, roots kept", new Consistency("", n, m, oldRoot, newRoot, proof));
            bad.put("wrong element", new Consistency("", m, n, oldRoot, newRoot, replace(proof, 0, SOME_HASH)));
            bad.put("two elements swapped", new Consistency("", m, n, oldRoot, newRoot, swap(proof, 0, 1)));
            bad.put("proof too short", new Consistency("", m, n, oldRoot, newRoot, proof.subList(1, proof.size())));
            bad.put("proof too long", new Consistency("", m, n, oldRoot, newRoot, append(proof, SOME_HASH)));
            bad.put("old size one smaller", new Consistency("", m - 1, n, root(m - 1), newRoot, proof));
            bad.put("old size one larger", new Consistency("", m + 1, n, root(m + 1), newRoot, proof));
            bad.put("new size one smaller", new Consistency("", m, n - 1, oldRoot, root(n - 1), proof));
            bad.put("new size one larger", new Consistency("", m, n + 1, oldRoot, rootOf(n + 1), proof));
            bad.put("old root of another tree", new Consistency("", m, n, otherTreeRoot(m), newRoot, proof));
            bad.put("new root of another tree (the log rewritten)", new Consistency("", m, n, oldRoot, otherTreeRoot(n), proof));
            bad.put("the empty proof", new Consistency("", m, n, oldRoot, newRoot, List.of()));
            bad.put("null proof", new Consistency("", m, n, oldRoot, newRoot, null));
            bad.put("null old root", new Consistency("", m, n, null, newRoot, proof));
            bad.put("negative old size", new Consistency("", -1, n, oldRoot, newRoot, proof));
            bad.forEach((desc, probe) -> assertThat(probe.verifies()).as("%d to %d: %s", m, n, desc).isFalse());
        }
    }

    /**
     * A proof that climbs above the claimed tree: the path of leaf 7 of 8 ends in the root of 8, and leaf 7 is
     * leaf 3 of the right half. Presented as "leaf 3 of a tree of 4 whose root is the root of 8", only the
     * length check inside the loop (RFC 9162 2.1.3.2 step 4: "if sn is 0, stop and fail") refuses it.
     */
    @Test
    void aPathLongerThanTheClaimedTreeIsRefusedEvenWhenItEndsInTheRoot() {
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes(8));
        List<byte[]> proof = MerkleTree.inclusionProof(7, 8, source);
        byte[] leaf7 = MerkleTree.leafHash(LEAF_INPUTS.get(7));
        assertThat(MerkleTree.verifyInclusion(7, 8, leaf7, proof, root(8))).isTrue();
        assertThat(MerkleTree.verifyInclusion(3, 4, leaf7, proof, root(8))).isFalse();
        assertThat(MerkleTree.verifyInclusion(1, 2, leaf7, proof, root(8))).isFalse();
        assertThat(MerkleTree.verifyInclusion(0, 1, leaf7, proof, root(8))).isFalse();
        byte[] leaf1 = MerkleTree.leafHash(LEAF_INPUTS.get(1));
        assertThat(MerkleTree.verifyInclusion(0, 1, leaf1, hexes(MerkleTreeKnownAnswerTest.NODES.get(0).get(0)), root(2)))
                .isFalse();
    }

    /**
     * A "consistency proof" from a larger tree to a smaller one, crafted so that RFC 9162's steps alone would
     * accept it (old size 3, new size 2, proof [a, b], old root a, new root H(a, b)): only the size check
     * refuses it. A log never shrinks.
     */
    @Test
    void aConsistencyProofFromALargerToASmallerTreeIsRefusedEvenWhenItsHashesChain() {
        byte[] a = MerkleTree.leafHash(new byte[] {1});
        byte[] b = MerkleTree.leafHash(new byte[] {2});
        assertThat(MerkleTree.verifyConsistency(3, 2, a, MerkleTree.nodeHash(a, b), List.of(a, b))).isFalse();
    }

    /**
     * An honest proof from 3 to 4 with one more element X, and roots chosen to match: H(X, root of 3) and
     * H(X, root of 4). RFC 9162 2.1.4.2 step 6 ("if sn is 0, stop and fail") is what refuses it.
     */
    @Test
    void aConsistencyProofLongerThanTheTreesIsRefusedEvenWhenItsHashesChain() {
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes(4));
        byte[] x = SOME_HASH;
        List<byte[]> proof = append(MerkleTree.consistencyProof(3, 4, source), x);
        assertThat(MerkleTree.verifyConsistency(3, 4, MerkleTree.nodeHash(x, root(3)), MerkleTree.nodeHash(x, root(4)),
                proof)).isFalse();
    }

    @Test
    void aRewrittenLogIsNotConsistentWithItsPast() {
        List<byte[]> leaves = new ArrayList<>(leafHashes(8));
        byte[] oldRoot = MerkleTree.root(leaves.subList(0, 5));
        leaves.set(3, MerkleTree.leafHash("rewritten".getBytes(StandardCharsets.UTF_8)));
        MerkleTree.HashSource rewritten = MerkleTree.HashSource.ofLeaves(leaves);
        List<byte[]> proof = MerkleTree.consistencyProof(5, 8, rewritten);
        assertThat(MerkleTree.verifyConsistency(5, 8, oldRoot, MerkleTree.root(8, rewritten), proof)).isFalse();
    }

    @Test
    void provingOutsideTheTreeIsAnErrorNotAProof() {
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes(5));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MerkleTree.inclusionProof(5, 5, source))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MerkleTree.consistencyProof(6, 5, source))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MerkleTree.root(6, source))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("level 1, index 2");
    }

    private static byte[] rootOf(long n) {
        List<byte[]> leaves = new ArrayList<>(leafHashes(8));
        while (leaves.size() < n) {
            leaves.add(MerkleTree.leafHash(new byte[] {(byte) leaves.size()}));
        }
        return MerkleTree.root(leaves.subList(0, (int) n));
    }

    private static byte[] otherTreeRoot(long n) {
        List<byte[]> leaves = new ArrayList<>(leafHashes((int) n));
        leaves.set(0, MerkleTree.leafHash("another first leaf".getBytes(StandardCharsets.UTF_8)));
        return MerkleTree.root(leaves);
    }

    static List<byte[]> flipBit(List<byte[]> proof, int element, int bit) {
        byte[] changed = proof.get(element).clone();
        changed[0] ^= (byte) (1 << bit);
        return replace(proof, element, changed);
    }

    static List<byte[]> replace(List<byte[]> proof, int element, byte[] with) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.set(element, with);
        return copy;
    }

    static List<byte[]> swap(List<byte[]> proof, int a, int b) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.set(a, proof.get(b));
        copy.set(b, proof.get(a));
        return copy;
    }

    static List<byte[]> append(List<byte[]> proof, byte[] extra) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.add(extra);
        return copy;
    }

    static List<byte[]> prepend(byte[] extra, List<byte[]> proof) {
        List<byte[]> copy = new ArrayList<>();
        copy.add(extra);
        copy.addAll(proof);
        return copy;
    }
}
