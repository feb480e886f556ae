package com.precautionfirst.verifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A client's chain (decision 0060): the hash over the bytes of every entry of the client ({@link ClientEntry}), in
 * log order. {@code chain_0} is 32 zero bytes, {@code chain_k = SHA-256(0x02 ‖ chain_(k-1) ‖ entry_k)}; the
 * client's head after {@code count} entries is {@code (count, chain_count)}. The prefix 0x02 keeps a chain step
 * apart from the Merkle tree's leaves (0x00) and nodes (0x01).
 */
public final class ClientChain {

    private static final byte CHAIN_PREFIX = 0x02;

    private ClientChain() {
    }

    /** {@code chain_0}: 32 zero bytes, the head of a client without entries. */
    public static byte[] genesis() {
        return new byte[MerkleTree.HASH_LENGTH];
    }

    /** {@code SHA-256(0x02 ‖ previous ‖ entry)}: the chain after one more entry (its bytes). */
    public static byte[] next(byte[] previous, byte[] entry) {
        MerkleTree.requireHash(previous, "the previous chain hash");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(CHAIN_PREFIX);
            digest.update(previous);
            digest.update(entry);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * A client's head: how many entries its chain has and the chain hash after the last of them. It is what the
     * client map ({@link ClientMap}) commits to.
     */
    public record Head(String clientId, long count, byte[] chainHash) {

        public Head {
            Objects.requireNonNull(clientId, "clientId");
            if (count < 0) {
                throw new IllegalArgumentException("a chain cannot have " + count + " entries");
            }
            chainHash = MerkleTree.requireHash(chainHash, "chainHash").clone();
        }

        /** The head of a client without entries: count 0, {@link #genesis()}. */
        public static Head start(String clientId) {
            return new Head(clientId, 0, genesis());
        }

        /** The head after one more entry (its bytes). */
        public Head then(byte[] entry) {
            return new Head(clientId, count + 1, next(chainHash, entry));
        }

        /**
         * The head after one more entry of this client.
         *
         * @throws IllegalArgumentException if the entry is another client's
         */
        public Head then(ClientEntry entry) {
            if (!entry.clientId().equals(clientId)) {
                throw new IllegalArgumentException("an entry of client " + entry.clientId() + " is not in the chain of "
                        + clientId);
            }
            return then(entry.encode());
        }

        @Override
        public byte[] chainHash() {
            return chainHash.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Head h && count == h.count && clientId.equals(h.clientId)
                    && Arrays.equals(chainHash, h.chainHash);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clientId, count, Arrays.hashCode(chainHash));
        }

        @Override
        public String toString() {
            return "Head[clientId=" + clientId + ", count=" + count + ", chainHash=" + Hex.encode(chainHash) + "]";
        }
    }
}
