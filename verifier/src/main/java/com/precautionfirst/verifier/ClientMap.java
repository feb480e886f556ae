package com.precautionfirst.verifier;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The client map a checkpoint of format v2 signs (decision 0060): the RFC 6962 Merkle tree ({@link MerkleTree}) over
 * one leaf per client whose chain has entries, in the order of the UTF-8 bytes of the client ids (unsigned,
 * lexicographic; a shorter id before every longer one it starts), with the heads as of the checkpoint's tree size.
 * A client's map leaf is {@code SHA-256(0x00 ‖ string(clientId) ‖ uint64(count) ‖ chainHash)}, that is
 * {@link MerkleTree#leafHash} of the client id as a string field of {@link LeafEncoding} (4-byte big-endian length,
 * UTF-8), the count as 8 bytes big-endian and the 32-byte chain hash.
 *
 * <p>What it guarantees: one set of heads has one root, whatever order they are given in; a proof for a client
 * ({@link #proof}) verifies ({@link #verify}) against that root for exactly its count and chain hash, at its index
 * in a map of that size. A map has at most one head per client and none without entries. An instance holds its
 * heads and map leaves (memory in the number of clients), so that any number of proofs are read from one build.
 */
public final class ClientMap {

    /** The order of the map: by the UTF-8 bytes of the client id, unsigned. */
    public static final Comparator<String> ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final List<ClientChain.Head> heads;
    private final MerkleTree.HashSource source;

    private ClientMap(List<ClientChain.Head> sorted) {
        this.heads = List.copyOf(sorted);
        this.source = MerkleTree.HashSource.ofLeaves(sorted.stream().map(ClientMap::leafHash).toList());
    }

    /**
     * The map over these heads, given in any order.
     *
     * @throws IllegalArgumentException if a client has two heads or a head has no entries
     */
    public static ClientMap of(Collection<ClientChain.Head> heads) {
        List<ClientChain.Head> sorted = new ArrayList<>(heads);
        sorted.sort(Comparator.comparing(ClientChain.Head::clientId, ORDER));
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).count() < 1) {
                throw new IllegalArgumentException("client " + sorted.get(i).clientId() + " has no entries, so it is "
                        + "not in the map");
            }
            if (i > 0 && sorted.get(i).clientId().equals(sorted.get(i - 1).clientId())) {
                throw new IllegalArgumentException("client " + sorted.get(i).clientId() + " has two heads");
            }
        }
        return new ClientMap(sorted);
    }

    /** The root of the map over these heads ({@link MerkleTree#emptyRoot()} for none). */
    public static byte[] root(Collection<ClientChain.Head> heads) {
        return of(heads).root();
    }

    /** The map leaf of a client's head: {@code SHA-256(0x00 ‖ string(clientId) ‖ uint64(count) ‖ chainHash)}. */
    public static byte[] leafHash(ClientChain.Head head) {
        byte[] id = LeafEncoding.utf8(head.clientId(), "clientId");
        return MerkleTree.leafHash(ByteBuffer.allocate(4 + id.length + 8 + MerkleTree.HASH_LENGTH)
                .putInt(id.length).put(id).putLong(head.count()).put(head.chainHash()).array());
    }

    /** The number of clients in the map: what a checkpoint signs as {@code clients}. */
    public long clients() {
        return heads.size();
    }

    /** The map's root: what a checkpoint signs as {@code client-map-root}. */
    public byte[] root() {
        return MerkleTree.root(heads.size(), source);
    }

    /** The heads in the map's order. */
    public List<ClientChain.Head> heads() {
        return heads;
    }

    /** The client's head, or empty when the client has no entries in the map. */
    public Optional<ClientChain.Head> head(String clientId) {
        int index = indexOf(clientId);
        return index < 0 ? Optional.empty() : Optional.of(heads.get(index));
    }

    /**
     * The proof of the client's head in this map, as the map of the checkpoint of {@code treeSize}; empty when the
     * client has no entries in the map.
     */
    public Optional<ClientMapProof> proof(String clientId, long treeSize) {
        int index = indexOf(clientId);
        if (index < 0) {
            return Optional.empty();
        }
        return Optional.of(ClientMapProof.of(treeSize, index, heads.size(), heads.get(index),
                MerkleTree.inclusionProof(index, heads.size(), source)));
    }

    /**
     * Whether {@code path} shows that {@code head} is leaf {@code index} of the map of {@code clients} leaves with
     * root {@code root}. False, never an exception, for anything that does not prove it.
     */
    public static boolean verify(ClientChain.Head head, long index, long clients, List<byte[]> path, byte[] root) {
        try {
            return head != null && head.count() >= 1
                    && MerkleTree.verifyInclusion(index, clients, leafHash(head), path, root);
        } catch (IllegalArgumentException e) {
            return false; // a client id that is not Unicode has no leaf
        }
    }

    private int indexOf(String clientId) {
        int low = 0;
        int high = heads.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = ORDER.compare(heads.get(middle).clientId(), clientId);
            if (order == 0) {
                return middle;
            }
            if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return -1;
    }
}
