package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 reference data of certificate-transparency, as published by transparency-dev/merkle (commit
 * 417fb0c314750d94e53942e9f92e79b6d35915db): leaf inputs, node and root hashes from testonly/constants.go,
 * inclusion and consistency proofs from cmd/proofgen/main.go (whose table counts leaves from 1; here from 0).
 * The hex values are copied, not computed.
 */
class MerkleTreeKnownAnswerTest {

    static final List<byte[]> LEAF_INPUTS = hexes("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");

    static final String EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** ROOTS.get(n - 1) is the root of the tree of the first n leaves. */
    static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    /** NODES.get(level).get(index): every complete subtree of the 8-leaf tree. */
    static final List<List<String>> NODES = List.of(
            List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
                    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
            List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            List.of("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            List.of("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

    record InclusionVector(long leafIndex, long treeSize, List<String> proof) {
    }

    static final List<InclusionVector> INCLUSION_PROOFS = List.of(
            new InclusionVector(0, 1, List.of()),
            new InclusionVector(0, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new InclusionVector(5, 8, List.of(
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new InclusionVector(2, 3, List.of(
                    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
            new InclusionVector(1, 5, List.of(
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

    record ConsistencyVector(long oldSize, long newSize, List<String> proof) {
    }

    static final List<ConsistencyVector> CONSISTENCY_PROOFS = List.of(
            new ConsistencyVector(1, 1, List.of()),
            new ConsistencyVector(1, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new ConsistencyVector(6, 8, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new ConsistencyVector(2, 5, List.of(
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new ConsistencyVector(6, 7, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

    static List<byte[]> leafHashes(int n) {
        List<byte[]> hashes = new ArrayList<>();
        for (byte[] input : LEAF_INPUTS.subList(0, n)) {
            hashes.add(MerkleTree.leafHash(input));
        }
        return hashes;
    }

    static byte[] root(long size) {
        return size == 0 ? hex(EMPTY_ROOT) : hex(ROOTS.get((int) size - 1));
    }

    @Test
    void theEmptyTreeHashesToSha256OfNothing() {
        assertThat(MerkleTree.emptyRoot()).isEqualTo(hex(EMPTY_ROOT));
        assertThat(MerkleTree.root(List.of())).isEqualTo(hex(EMPTY_ROOT));
        assertThat(new IncrementalTree().root()).isEqualTo(hex(EMPTY_ROOT));
    }

    @Test
    void leafHashesAreTheLevelZeroNodes() {
        for (int i = 0; i < 8; i++) {
            assertThat(Hex.encode(MerkleTree.leafHash(LEAF_INPUTS.get(i)))).as("leaf %d", i)
                    .isEqualTo(NODES.get(0).get(i));
        }
    }

    @Test
    void rootsOfEverySizeFromOneToEight() {
        for (int n = 1; n <= 8; n++) {
            assertThat(Hex.encode(MerkleTree.root(leafHashes(n)))).as("root of size %d", n).isEqualTo(ROOTS.get(n - 1));
        }
    }

    @Test
    void everyCompleteSubtreeOfTheEightLeafTree() {
        MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes(8));
        for (int level = 0; level < NODES.size(); level++) {
            for (int index = 0; index < NODES.get(level).size(); index++) {
                assertThat(Hex.encode(MerkleTree.rangeHash((long) index << level, (long) (index + 1) << level, source)))
                        .as("node (%d, %d)", level, index).isEqualTo(NODES.get(level).get(index));
            }
        }
    }

    @Test
    void theIncrementalTreeCreatesExactlyTheReferenceNodesAndRoots() {
        IncrementalTree tree = new IncrementalTree();
        List<String> created = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            for (IncrementalTree.Node node : tree.append(MerkleTree.leafHash(LEAF_INPUTS.get(n - 1)))) {
                assertThat(Hex.encode(node.hash())).as("node (%d, %d)", node.level(), node.index())
                        .isEqualTo(NODES.get(node.level()).get((int) node.index()));
                created.add(node.level() + "/" + node.index());
            }
            assertThat(tree.size()).isEqualTo(n);
            assertThat(Hex.encode(tree.root())).as("root of size %d", n).isEqualTo(ROOTS.get(n - 1));
        }
        assertThat(created).containsExactly("0/0", "0/1", "1/0", "0/2", "0/3", "1/1", "2/0",
                "0/4", "0/5", "1/2", "0/6", "0/7", "1/3", "2/1", "3/0");
    }

    @Test
    void publishedInclusionProofsAreGeneratedAndVerified() {
        for (InclusionVector v : INCLUSION_PROOFS) {
            MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes((int) v.treeSize()));
            List<byte[]> proof = MerkleTree.inclusionProof(v.leafIndex(), v.treeSize(), source);
            assertThat(proof.stream().map(Hex::encode).toList()).as("%s", v).isEqualTo(v.proof());
            byte[] leafHash = MerkleTree.leafHash(LEAF_INPUTS.get((int) v.leafIndex()));
            assertThat(MerkleTree.verifyInclusion(v.leafIndex(), v.treeSize(), leafHash, hexes(v.proof()),
                    root(v.treeSize()))).as("%s", v).isTrue();
        }
    }

    @Test
    void publishedConsistencyProofsAreGeneratedAndVerified() {
        for (ConsistencyVector v : CONSISTENCY_PROOFS) {
            MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes((int) v.newSize()));
            List<byte[]> proof = MerkleTree.consistencyProof(v.oldSize(), v.newSize(), source);
            assertThat(proof.stream().map(Hex::encode).toList()).as("%s", v).isEqualTo(v.proof());
            assertThat(MerkleTree.verifyConsistency(v.oldSize(), v.newSize(), root(v.oldSize()), root(v.newSize()),
                    hexes(v.proof()))).as("%s", v).isTrue();
        }
    }

    @Test
    void everyProofWithinTheEightLeafTreeVerifies() {
        for (int n = 1; n <= 8; n++) {
            MerkleTree.HashSource source = MerkleTree.HashSource.ofLeaves(leafHashes(n));
            for (int i = 0; i < n; i++) {
                assertThat(MerkleTree.verifyInclusion(i, n, MerkleTree.leafHash(LEAF_INPUTS.get(i)),
                        MerkleTree.inclusionProof(i, n, source), root(n))).as("leaf %d of %d", i, n).isTrue();
            }
            for (int m = 0; m <= n; m++) {
                assertThat(MerkleTree.verifyConsistency(m, n, root(m), root(n),
                        MerkleTree.consistencyProof(m, n, source))).as("%d to %d", m, n).isTrue();
            }
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static List<byte[]> hexes(String... hexes) {
        return hexes(List.of(hexes));
    }

    static List<byte[]> hexes(List<String> hexes) {
        return hexes.stream().map(MerkleTreeKnownAnswerTest::hex).toList();
    }
}
