package com.precautionfirst.verifier;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Signing and verifying {@link Checkpoint}s with Ed25519.
 *
 * <p>What it guarantees: {@link #sign} only signs well-formed fields and checks its own signature before handing
 * the checkpoint out; {@link #verify} never throws on bad input and reports, each as a {@link Problem}: a malformed
 * field (tree size negative, root hash or access-log head not 64 lowercase hex characters, issued-at not an
 * ISO-8601 instant, key id not 64 hex characters, signature not base64 of 64 bytes; in format v2 a client count
 * missing or negative, a client map root missing or not 64 lowercase hex characters), a tree of size 0 whose root is
 * not the empty tree's, a map of 0 clients whose root is not the empty tree's, a key id that is none of the trusted
 * keys, and a signature that does not verify with the key named. A change to any signed field after signing makes
 * the signature fail, and so does removing the client map from a v2 checkpoint or adding one to a v1 checkpoint
 * (the first signed line names the format).
 */
public final class Checkpoints {

    private static final int SIGNATURE_LENGTH = 64;

    private Checkpoints() {
    }

    /**
     * Signs a checkpoint of format v1 (no client map); its key id is that of the private key's public key.
     *
     * @throws IllegalArgumentException if a field is malformed or the key is not Ed25519
     */
    public static Checkpoint sign(long treeSize, String rootHash, String issuedAt, String accessLogHead,
                                  PrivateKey privateKey) {
        return sign(new Checkpoint(treeSize, rootHash, issuedAt, keyIdOf(privateKey), "", accessLogHead),
                privateKey);
    }

    /**
     * Signs a checkpoint of format v2, with the client map as of {@code treeSize}: {@code clients} heads whose
     * {@link ClientMap} root is {@code clientMapRoot}; its key id is that of the private key's public key.
     *
     * @throws IllegalArgumentException if a field is malformed or the key is not Ed25519
     */
    public static Checkpoint sign(long treeSize, String rootHash, String issuedAt, String accessLogHead,
                                  long clients, String clientMapRoot, PrivateKey privateKey) {
        return sign(new Checkpoint(treeSize, rootHash, issuedAt, keyIdOf(privateKey), "", accessLogHead, clients,
                clientMapRoot), privateKey);
    }

    private static String keyIdOf(PrivateKey privateKey) {
        return Keys.keyId(Keys.publicKeyOf(privateKey));
    }

    private static Checkpoint sign(Checkpoint unsigned, PrivateKey privateKey) {
        PublicKey publicKey = Keys.publicKeyOf(privateKey);
        List<Problem> problems = new ArrayList<>();
        checkFields(unsigned, "", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("will not sign a malformed checkpoint: " + problems.get(0).what());
        }
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(unsigned.signedBytes());
            String signature = Base64.getEncoder().encodeToString(signer.sign());
            Checkpoint signed = new Checkpoint(unsigned.treeSize(), unsigned.rootHash(), unsigned.issuedAt(),
                    unsigned.keyId(), signature, unsigned.accessLogHead(), unsigned.clients(),
                    unsigned.clientMapRoot());
            if (!verifies(signed, publicKey)) {
                throw new IllegalStateException("a fresh signature did not verify with the key's own public key");
            }
            return signed;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Whether the checkpoint is well-formed and signed by one of the trusted keys; never throws on bad input. */
    public static Verdict verify(Checkpoint checkpoint, Collection<PublicKey> trusted) {
        List<Problem> problems = new ArrayList<>();
        if (checkpoint == null) {
            return Verdict.of(List.of(new Problem("checkpoint", "missing")));
        }
        String where = where(checkpoint);
        checkFields(checkpoint, where, problems);
        byte[] signature = decodeSignature(checkpoint.signature());
        if (signature == null) {
            problems.add(new Problem(where, "signature is not base64 of " + SIGNATURE_LENGTH + " bytes: \""
                    + Hex.shorten(String.valueOf(checkpoint.signature())) + "\""));
        }
        if (!Hex.isHash(checkpoint.keyId())) {
            problems.add(new Problem(where, "key-id is not a SHA-256 hash in lowercase hex: \""
                    + Hex.shorten(String.valueOf(checkpoint.keyId())) + "\""));
            return Verdict.of(problems);
        }
        PublicKey key = null;
        List<String> trustedIds = new ArrayList<>();
        for (PublicKey candidate : trusted) {
            String id = Keys.keyId(candidate);
            trustedIds.add(id);
            if (id.equals(checkpoint.keyId())) {
                key = candidate;
            }
        }
        if (key == null) {
            problems.add(new Problem(where, "signed with key " + checkpoint.keyId()
                    + ", which is not a trusted key (trusted: " + (trustedIds.isEmpty() ? "none"
                    : String.join(", ", trustedIds)) + ")"));
        } else if (signature != null && !verifies(checkpoint, key)) {
            problems.add(new Problem(where, "signature does not verify with key " + checkpoint.keyId()));
        }
        return Verdict.of(problems);
    }

    /** "checkpoint tree-size N", how problems name a checkpoint. */
    public static String where(Checkpoint checkpoint) {
        return "checkpoint tree-size " + checkpoint.treeSize();
    }

    private static void checkFields(Checkpoint checkpoint, String where, List<Problem> problems) {
        if (checkpoint.treeSize() < 0) {
            problems.add(new Problem(where, "tree-size is negative"));
        }
        if (!Hex.isHash(checkpoint.rootHash())) {
            problems.add(new Problem(where, "root-hash is not a SHA-256 hash in lowercase hex: \""
                    + Hex.shorten(String.valueOf(checkpoint.rootHash())) + "\""));
        } else if (checkpoint.treeSize() == 0 && !checkpoint.rootHash().equals(Hex.encode(MerkleTree.emptyRoot()))) {
            problems.add(new Problem(where, "root-hash " + checkpoint.rootHash()
                    + " is not the root of the empty tree, " + Hex.encode(MerkleTree.emptyRoot())));
        }
        if (!isInstant(checkpoint.issuedAt())) {
            problems.add(new Problem(where, "issued-at is not an ISO-8601 instant: \""
                    + Hex.shorten(String.valueOf(checkpoint.issuedAt())) + "\""));
        }
        if (!Hex.isHash(checkpoint.accessLogHead())) {
            problems.add(new Problem(where, "access-log-head is not a SHA-256 hash in lowercase hex: \""
                    + Hex.shorten(String.valueOf(checkpoint.accessLogHead())) + "\""));
        }
        if (checkpoint.hasClientMap()) {
            checkClientMap(checkpoint, where, problems);
        }
    }

    /** Format v2: both client map fields, a count of 0 or more, a root that is a hash (the empty tree's for 0). */
    private static void checkClientMap(Checkpoint checkpoint, String where, List<Problem> problems) {
        if (checkpoint.clients() == null) {
            problems.add(new Problem(where, "has a client-map-root but no clients: format v2 signs both"));
        } else if (checkpoint.clients() < 0) {
            problems.add(new Problem(where, "clients is negative"));
        }
        if (!Hex.isHash(checkpoint.clientMapRoot())) {
            problems.add(new Problem(where, "client-map-root is not a SHA-256 hash in lowercase hex: \""
                    + Hex.shorten(String.valueOf(checkpoint.clientMapRoot())) + "\""));
        } else if (Long.valueOf(0).equals(checkpoint.clients())
                && !checkpoint.clientMapRoot().equals(Hex.encode(MerkleTree.emptyRoot()))) {
            problems.add(new Problem(where, "client-map-root " + checkpoint.clientMapRoot()
                    + " is not the root of the empty map, " + Hex.encode(MerkleTree.emptyRoot())));
        }
    }

    private static boolean isInstant(String text) {
        if (text == null || text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            return false;
        }
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static byte[] decodeSignature(String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            byte[] signature = Base64.getDecoder().decode(base64);
            return signature.length == SIGNATURE_LENGTH ? signature : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean verifies(Checkpoint checkpoint, PublicKey key) {
        byte[] signature = decodeSignature(checkpoint.signature());
        if (signature == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(checkpoint.signedBytes());
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
