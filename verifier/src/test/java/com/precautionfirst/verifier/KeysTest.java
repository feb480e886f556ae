package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeysTest {

    /** RFC 8032 section 7.1, test 1: secret key, public key, and the signature of the empty message. */
    static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String RFC8032_SIGNATURE_OF_EMPTY = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb"
            + "8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    /** The DER prefixes of an Ed25519 PKCS#8 private key and an X.509 SubjectPublicKeyInfo (RFC 8410). */
    static final String PKCS8_PREFIX = "302e020100300506032b657004220420";
    static final String SPKI_PREFIX = "302a300506032b6570032100";

    @Test
    void thePublicKeyIsDerivedFromThePrivateKeyAsRfc8032Says() throws Exception {
        var privateKey = Keys.privateKeyFromPkcs8(HexFormat.of().parseHex(PKCS8_PREFIX + RFC8032_SECRET));
        PublicKey publicKey = Keys.publicKeyOf(privateKey);
        assertThat(Hex.encode(publicKey.getEncoded())).isEqualTo(SPKI_PREFIX + RFC8032_PUBLIC);

        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(privateKey);
        assertThat(Hex.encode(signer.sign())).isEqualTo(RFC8032_SIGNATURE_OF_EMPTY);
        assertThat(Hex.encode(TestLog.RFC8032_TEST_KEY.getEncoded())).isEqualTo(PKCS8_PREFIX + RFC8032_SECRET);
    }

    @Test
    void theKeyIdIsTheSha256OfTheSubjectPublicKeyInfo() {
        PublicKey publicKey = Keys.publicKeyOf(TestLog.RFC8032_TEST_KEY);
        // sha256(302a300506032b6570032100 d75a...511a), computed with another tool
        assertThat(Keys.keyId(publicKey)).isEqualTo("06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9");
    }

    @Test
    void everyGeneratedKeyPairIsRecoveredFromItsPrivateKey() {
        for (int i = 0; i < 20; i++) {
            KeyPair pair = Keys.generate();
            assertThat(Keys.publicKeyOf(pair.getPrivate()).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        }
    }

    @Test
    void pemRoundTripsInTheStandardForm() {
        PublicKey publicKey = Keys.publicKeyOf(TestLog.RFC8032_TEST_KEY);
        String pem = Keys.toPem(publicKey);
        // the same text as `openssl pkey -pubout` writes for this key
        assertThat(pem).isEqualTo("""
                -----BEGIN PUBLIC KEY-----
                MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
                -----END PUBLIC KEY-----
                """);
        assertThat(Keys.publicKeyFromPem(pem).getEncoded()).isEqualTo(publicKey.getEncoded());
        assertThat(Keys.publicKeyFromPem("some text before\r\n" + pem.replace("\n", "\r\n")).getEncoded())
                .isEqualTo(publicKey.getEncoded());
        String privatePem = Keys.toPem(TestLog.RFC8032_TEST_KEY);
        assertThat(Keys.privateKeyFromPem(privatePem).getEncoded()).isEqualTo(TestLog.RFC8032_TEST_KEY.getEncoded());
    }

    @Test
    void onlyEd25519KeysAreAccepted() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        for (KeyPair other : new KeyPair[] {rsa, ed448, ec}) {
            assertThatThrownBy(() -> Keys.keyId(other.getPublic())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only Ed25519 keys are accepted");
            assertThatThrownBy(() -> Keys.publicKeyOf(other.getPrivate())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only Ed25519 keys are accepted");
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + java.util.Base64.getMimeEncoder().encodeToString(other.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            assertThatThrownBy(() -> Keys.publicKeyFromPem(pem)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an Ed25519 public key");
            assertThatThrownBy(() -> Keys.privateKeyFromPkcs8(other.getPrivate().getEncoded()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519 private key");
            assertThatThrownBy(() -> Checkpoints.sign(1, "00".repeat(32), "2025-01-01T00:00:00Z", "00".repeat(32),
                    other.getPrivate())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void malformedPemIsRefusedWithAReason() {
        String pem = Keys.toPem(Keys.publicKeyOf(TestLog.RFC8032_TEST_KEY));
        assertThatThrownBy(() -> Keys.publicKeyFromPem("hello")).hasMessageContaining("-----BEGIN PUBLIC KEY-----");
        assertThatThrownBy(() -> Keys.publicKeyFromPem(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keys.privateKeyFromPem(pem)).hasMessageContaining("-----BEGIN PRIVATE KEY-----");
        assertThatThrownBy(() -> Keys.publicKeyFromPem(pem.replace("MCow", "MC*w"))).hasMessageContaining("not base64");
        assertThatThrownBy(() -> Keys.publicKeyFromPem(pem.replace("MCow", "MCox")))
                .hasMessageContaining("not an Ed25519 public key");
    }
}
