package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointsTest {

    static final PublicKey TEST_PUBLIC_KEY = Keys.publicKeyOf(TestLog.RFC8032_TEST_KEY);
    static final String TEST_KEY_ID = "06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9";
    static final String ROOT = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
    static final String HEAD = "00".repeat(32);

    final Checkpoint checkpoint = Checkpoints.sign(8, ROOT, "2025-03-01T09:30:00Z", HEAD, TestLog.RFC8032_TEST_KEY);

    @Test
    void theSignedTextIsExactlySixLines() {
        assertThat(new String(checkpoint.signedBytes(), StandardCharsets.UTF_8)).isEqualTo("""
                precaution-first treatment log checkpoint v1
                tree-size 8
                root-hash 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328
                issued-at 2025-03-01T09:30:00Z
                key-id 06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9
                access-log-head 0000000000000000000000000000000000000000000000000000000000000000
                """);
    }

    @Test
    void aSignedCheckpointVerifiesAndItsSignatureIsTheDeterministicEd25519One() {
        assertThat(checkpoint.keyId()).isEqualTo(TEST_KEY_ID);
        assertThat(Checkpoints.verify(checkpoint, List.of(TEST_PUBLIC_KEY))).isEqualTo(Verdict.ok());
        // Ed25519 signatures are deterministic (RFC 8032): the same key and text always give this signature
        assertThat(checkpoint.signature()).isEqualTo(Checkpoints.sign(8, ROOT, "2025-03-01T09:30:00Z", HEAD,
                TestLog.RFC8032_TEST_KEY).signature());
        assertThat(Base64.getDecoder().decode(checkpoint.signature())).hasSize(64);
    }

    @Test
    void theJsonFieldsAreExactlyTheSix() throws Exception {
        assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(checkpoint)).fieldNames())
                .toIterable().containsExactly("treeSize", "rootHash", "issuedAt", "keyId", "signature", "accessLogHead");
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(checkpoint), Checkpoint.class)).isEqualTo(checkpoint);
    }

    static final String MAP_ROOT = "03654edd8e09f1d9fa050704318d15b3d238f07b4d0455faef3f9102c98b1aec";
    final Checkpoint v2 = Checkpoints.sign(8, ROOT, "2025-03-01T09:30:00Z", HEAD, 3, MAP_ROOT,
            TestLog.RFC8032_TEST_KEY);

    @Test
    void theSignedTextOfFormatV2IsEightLines() {
        assertThat(new String(v2.signedBytes(), StandardCharsets.UTF_8)).isEqualTo("""
                precaution-first treatment log checkpoint v2
                tree-size 8
                root-hash 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328
                issued-at 2025-03-01T09:30:00Z
                key-id 06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9
                access-log-head 0000000000000000000000000000000000000000000000000000000000000000
                clients 3
                client-map-root 03654edd8e09f1d9fa050704318d15b3d238f07b4d0455faef3f9102c98b1aec
                """);
        assertThat(v2.hasClientMap()).isTrue();
        assertThat(checkpoint.hasClientMap()).isFalse();
    }

    @Test
    void theJsonOfFormatV2HasTheTwoFieldsMoreAndV1LeavesThemOut() throws Exception {
        assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(v2)).fieldNames()).toIterable()
                .containsExactly("treeSize", "rootHash", "issuedAt", "keyId", "signature", "accessLogHead", "clients",
                        "clientMapRoot");
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(v2), Checkpoint.class)).isEqualTo(v2);
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(checkpoint), Checkpoint.class).clients())
                .isNull();
    }

    @Test
    void aV2CheckpointVerifiesAndItsClientMapIsSigned() {
        assertThat(Checkpoints.verify(v2, List.of(TEST_PUBLIC_KEY))).isEqualTo(Verdict.ok());
        String otherRoot = flipLastHexDigit(MAP_ROOT);
        for (Checkpoint changed : List.of(
                withMap(v2, v2.clients(), otherRoot),
                withMap(v2, v2.clients() + 1, v2.clientMapRoot()),
                withMap(v2, v2.clients() - 1, v2.clientMapRoot()),
                withMap(v2, null, null),                                   // the map taken away: a v1 text
                withMap(checkpoint, 3L, MAP_ROOT))) {                      // a map added to a v1 checkpoint
            assertThat(Checkpoints.verify(changed, List.of(TEST_PUBLIC_KEY)).problems()).as("%s", changed)
                    .extracting(Problem::what).containsExactly("signature does not verify with key " + TEST_KEY_ID);
        }
    }

    @Test
    void malformedClientMapFieldsAreProblems() {
        assertRefused(c -> withMap(v2, null, MAP_ROOT), "has a client-map-root but no clients");
        assertRefused(c -> withMap(v2, 3L, null), "client-map-root is not a SHA-256 hash in lowercase hex: \"null\"");
        assertRefused(c -> withMap(v2, -1L, MAP_ROOT), "clients is negative");
        assertRefused(c -> withMap(v2, 3L, MAP_ROOT.toUpperCase()), "client-map-root is not a SHA-256 hash");
        assertRefused(c -> withMap(v2, 0L, MAP_ROOT), "is not the root of the empty map");
        String emptyRoot = Hex.encode(MerkleTree.emptyRoot());
        assertThat(Checkpoints.verify(Checkpoints.sign(8, ROOT, "2025-03-01T09:30:00Z", HEAD, 0, emptyRoot,
                TestLog.RFC8032_TEST_KEY), List.of(TEST_PUBLIC_KEY)).valid()).isTrue();
        assertThatThrownBy(() -> Checkpoints.sign(8, ROOT, "2025-03-01T09:30:00Z", HEAD, 0, MAP_ROOT,
                TestLog.RFC8032_TEST_KEY)).hasMessageContaining("not the root of the empty map");
        assertThatThrownBy(() -> Checkpoints.sign(8, ROOT, "2025-03-01T09:30:00Z", HEAD, 3, "root",
                TestLog.RFC8032_TEST_KEY)).hasMessageContaining("client-map-root");
    }

    private static Checkpoint withMap(Checkpoint c, Long clients, String clientMapRoot) {
        return new Checkpoint(c.treeSize(), c.rootHash(), c.issuedAt(), c.keyId(), c.signature(), c.accessLogHead(),
                clients, clientMapRoot);
    }

    @Test
    void anOldKeyStillVerifiesTheCheckpointsItSigned() {
        KeyPair newKey = Keys.generate();
        assertThat(Checkpoints.verify(checkpoint, List.of(newKey.getPublic(), TEST_PUBLIC_KEY)).valid()).isTrue();
    }

    @Test
    void everySignedFieldChangedAfterSigningBreaksTheSignature() {
        assertRefused(c -> with(c, c.treeSize() + 1, c.rootHash(), c.issuedAt(), c.keyId(), c.accessLogHead()),
                "signature does not verify with key " + TEST_KEY_ID);
        assertRefused(c -> with(c, c.treeSize() - 1, c.rootHash(), c.issuedAt(), c.keyId(), c.accessLogHead()),
                "signature does not verify");
        assertRefused(c -> with(c, c.treeSize(), flipLastHexDigit(c.rootHash()), c.issuedAt(), c.keyId(),
                c.accessLogHead()), "signature does not verify");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash(), "2025-03-01T09:30:01Z", c.keyId(), c.accessLogHead()),
                "signature does not verify");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash(), "2025-03-01T09:30:00.000Z", c.keyId(),
                c.accessLogHead()), "signature does not verify");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash(), c.issuedAt(), c.keyId(),
                flipLastHexDigit(c.accessLogHead())), "signature does not verify");
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        KeyPair attacker = Keys.generate();
        Checkpoint forged = Checkpoints.sign(8, ROOT, "2025-03-01T09:30:00Z", HEAD, attacker.getPrivate());
        // under its own key id: that key is not trusted
        assertThat(Checkpoints.verify(forged, List.of(TEST_PUBLIC_KEY)).problems())
                .containsExactly(new Problem("checkpoint tree-size 8", "signed with key " + Keys.keyId(attacker.getPublic())
                        + ", which is not a trusted key (trusted: " + TEST_KEY_ID + ")"));
        // claiming the trusted key's id: the signature does not verify with it
        Checkpoint claimingTrustedKey = new Checkpoint(8, ROOT, "2025-03-01T09:30:00Z", TEST_KEY_ID,
                forged.signature(), HEAD);
        assertThat(Checkpoints.verify(claimingTrustedKey, List.of(TEST_PUBLIC_KEY)).problems())
                .containsExactly(new Problem("checkpoint tree-size 8", "signature does not verify with key " + TEST_KEY_ID));
        // the attacker's checkpoint re-signed over the signed text with the trusted key id
        Checkpoint resigned = new Checkpoint(8, ROOT, "2025-03-01T09:30:00Z", TEST_KEY_ID,
                sign(claimingTrustedKey, attacker), HEAD);
        assertThat(Checkpoints.verify(resigned, List.of(TEST_PUBLIC_KEY)).valid()).isFalse();
        assertThat(Checkpoints.verify(checkpoint, List.of()).problems()).extracting(Problem::what)
                .containsExactly("signed with key " + TEST_KEY_ID + ", which is not a trusted key (trusted: none)");
    }

    @Test
    void aSignatureFromAnotherCheckpointIsRefused() {
        Checkpoint other = Checkpoints.sign(9, ROOT, "2025-03-01T09:30:00Z", HEAD, TestLog.RFC8032_TEST_KEY);
        assertRefused(c -> new Checkpoint(c.treeSize(), c.rootHash(), c.issuedAt(), c.keyId(), other.signature(),
                c.accessLogHead()), "signature does not verify");
    }

    @Test
    void malformedFieldsAreProblemsNotExceptions() {
        assertRefused(c -> with(c, -1, c.rootHash(), c.issuedAt(), c.keyId(), c.accessLogHead()), "tree-size is negative");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash().toUpperCase(), c.issuedAt(), c.keyId(), c.accessLogHead()),
                "root-hash is not a SHA-256 hash in lowercase hex");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash().substring(2), c.issuedAt(), c.keyId(), c.accessLogHead()),
                "root-hash is not a SHA-256 hash in lowercase hex");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash() + "00", c.issuedAt(), c.keyId(), c.accessLogHead()),
                "root-hash is not a SHA-256 hash in lowercase hex");
        assertRefused(c -> with(c, c.treeSize(), null, c.issuedAt(), c.keyId(), c.accessLogHead()),
                "root-hash is not a SHA-256 hash in lowercase hex: \"null\"");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash(), "yesterday", c.keyId(), c.accessLogHead()),
                "issued-at is not an ISO-8601 instant");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash(), "2025-03-01T09:30:00Z\nkey-id x", c.keyId(),
                c.accessLogHead()), "issued-at is not an ISO-8601 instant");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash(), c.issuedAt(), "3fa9", c.accessLogHead()),
                "key-id is not a SHA-256 hash in lowercase hex");
        assertRefused(c -> with(c, c.treeSize(), c.rootHash(), c.issuedAt(), c.keyId(), "head"),
                "access-log-head is not a SHA-256 hash in lowercase hex");
        assertRefused(c -> new Checkpoint(c.treeSize(), c.rootHash(), c.issuedAt(), c.keyId(), "%%%", c.accessLogHead()),
                "signature is not base64 of 64 bytes");
        assertRefused(c -> new Checkpoint(c.treeSize(), c.rootHash(), c.issuedAt(), c.keyId(),
                c.signature().substring(4), c.accessLogHead()), "signature is not base64 of 64 bytes");
        assertRefused(c -> new Checkpoint(c.treeSize(), c.rootHash(), c.issuedAt(), c.keyId(), null, c.accessLogHead()),
                "signature is not base64 of 64 bytes");
        assertRefused(c -> new Checkpoint(c.treeSize(), c.rootHash(), c.issuedAt(), c.keyId(), "", c.accessLogHead()),
                "signature is not base64 of 64 bytes");
        assertThat(Checkpoints.verify(new Checkpoint(0, null, null, null, null, null), List.of(TEST_PUBLIC_KEY))
                .problems()).hasSize(5);
        assertThat(Checkpoints.verify(null, List.of(TEST_PUBLIC_KEY)).valid()).isFalse();
    }

    @Test
    void theEmptyTreeHasOneRoot() {
        String emptyRoot = Hex.encode(MerkleTree.emptyRoot());
        Checkpoint empty = Checkpoints.sign(0, emptyRoot, "2025-03-01T09:30:00Z", HEAD, TestLog.RFC8032_TEST_KEY);
        assertThat(Checkpoints.verify(empty, List.of(TEST_PUBLIC_KEY)).valid()).isTrue();
        assertThatThrownBy(() -> Checkpoints.sign(0, ROOT, "2025-03-01T09:30:00Z", HEAD, TestLog.RFC8032_TEST_KEY))
                .hasMessageContaining("not the root of the empty tree");
    }

    @Test
    void signingRefusesMalformedFields() {
        var key = TestLog.RFC8032_TEST_KEY;
        assertThatThrownBy(() -> Checkpoints.sign(-1, ROOT, "2025-03-01T09:30:00Z", HEAD, key))
                .hasMessageContaining("tree-size is negative");
        assertThatThrownBy(() -> Checkpoints.sign(1, "abc", "2025-03-01T09:30:00Z", HEAD, key))
                .hasMessageContaining("root-hash");
        assertThatThrownBy(() -> Checkpoints.sign(1, ROOT, "2025-03-01 09:30", HEAD, key))
                .hasMessageContaining("issued-at");
        assertThatThrownBy(() -> Checkpoints.sign(1, ROOT, "2025-03-01T09:30:00Z", null, key))
                .hasMessageContaining("access-log-head");
    }

    static LongStream seeds() {
        return RandomCases.seeds(50);
    }

    /** Any one bit of the signature, any one character of a signed field: refused, as a problem. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anySingleChangeIsRefused(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] signature = Base64.getDecoder().decode(checkpoint.signature());
        signature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
        Checkpoint badSignature = new Checkpoint(8, ROOT, checkpoint.issuedAt(), TEST_KEY_ID,
                Base64.getEncoder().encodeToString(signature), HEAD);
        assertThat(Checkpoints.verify(badSignature, List.of(TEST_PUBLIC_KEY)).valid()).as("seed %d", seed).isFalse();

        String root = changeOneHexDigit(ROOT, random);
        String head = changeOneHexDigit(HEAD, random);
        long size = 8 + random.nextInt(1, 1000) * (random.nextBoolean() ? 1 : -1);
        for (Checkpoint changed : List.of(with(checkpoint, 8, root, checkpoint.issuedAt(), TEST_KEY_ID, HEAD),
                with(checkpoint, 8, ROOT, checkpoint.issuedAt(), TEST_KEY_ID, head),
                with(checkpoint, size, ROOT, checkpoint.issuedAt(), TEST_KEY_ID, HEAD))) {
            assertThat(Checkpoints.verify(changed, List.of(TEST_PUBLIC_KEY)).valid()).as("seed %d: %s", seed, changed)
                    .isFalse();
        }
    }

    private void assertRefused(UnaryOperator<Checkpoint> tamper, String problem) {
        Checkpoint tampered = tamper.apply(checkpoint);
        Verdict verdict = Checkpoints.verify(tampered, List.of(TEST_PUBLIC_KEY));
        assertThat(verdict.valid()).as("%s", tampered).isFalse();
        assertThat(verdict.problems()).extracting(Problem::what).anySatisfy(what -> assertThat(what).contains(problem));
        assertThat(verdict.problems()).extracting(Problem::where).allSatisfy(where ->
                assertThat(where).isEqualTo("checkpoint tree-size " + tampered.treeSize()));
    }

    private static Checkpoint with(Checkpoint c, long treeSize, String rootHash, String issuedAt, String keyId,
                                   String accessLogHead) {
        return new Checkpoint(treeSize, rootHash, issuedAt, keyId, c.signature(), accessLogHead);
    }

    private static String sign(Checkpoint checkpoint, KeyPair key) {
        try {
            var signer = java.security.Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(checkpoint.signedBytes());
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String flipLastHexDigit(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }

    private static String changeOneHexDigit(String hex, SplittableRandom random) {
        int at = random.nextInt(hex.length());
        char now = hex.charAt(at);
        char other;
        do {
            other = "0123456789abcdef".charAt(random.nextInt(16));
        } while (other == now);
        return hex.substring(0, at) + other + hex.substring(at + 1);
    }
}
