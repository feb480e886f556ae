package com.precautionfirst.verifier;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys in the forms the service and the auditors exchange: PEM ("PUBLIC KEY", X.509 SubjectPublicKeyInfo;
 * "PRIVATE KEY", PKCS#8) and the key id. Pure JDK. Only Ed25519 is accepted: any other key is an
 * {@link IllegalArgumentException} that says so.
 */
public final class Keys {

    private static final String ED25519 = "Ed25519";

    private Keys() {
    }

    /** Lowercase hex SHA-256 of the key's X.509 SubjectPublicKeyInfo DER encoding. */
    public static String keyId(PublicKey publicKey) {
        requireEd25519(publicKey);
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A new random Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ED25519).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Java 15 and later have Ed25519", e);
        }
    }

    /** The public key that belongs to this Ed25519 private key. */
    public static PublicKey publicKeyOf(PrivateKey privateKey) {
        requireEd25519(privateKey);
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the private key does not reveal its bytes"));
        // The JDK makes an Ed25519 key pair from 32 random bytes, the private key itself (RFC 8032 section 5.1.5);
        // handing it the private key as its "randomness" makes the matching pair.
        SecureRandom seedAsRandom = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != seed.length) {
                    throw new IllegalStateException("Ed25519 key generation asked for " + bytes.length + " bytes");
                }
                System.arraycopy(seed, 0, bytes, 0, seed.length);
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ED25519);
            generator.initialize(NamedParameterSpec.ED25519, seedAsRandom);
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Java 15 and later have Ed25519", e);
        }
    }

    /**
     * Reads an Ed25519 public key from PEM ("-----BEGIN PUBLIC KEY-----").
     *
     * @throws IllegalArgumentException if the text is not such a PEM block or the key is not Ed25519
     */
    public static PublicKey publicKeyFromPem(String pem) {
        byte[] der = pemBody(pem, "PUBLIC KEY");
        try {
            return requireEd25519(KeyFactory.getInstance(ED25519).generatePublic(new X509EncodedKeySpec(der)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an Ed25519 private key from PEM ("-----BEGIN PRIVATE KEY-----", PKCS#8).
     *
     * @throws IllegalArgumentException if the text is not such a PEM block or the key is not Ed25519
     */
    public static PrivateKey privateKeyFromPem(String pem) {
        return privateKeyFromPkcs8(pemBody(pem, "PRIVATE KEY"));
    }

    /**
     * Reads an Ed25519 private key from PKCS#8 DER bytes.
     *
     * @throws IllegalArgumentException if the bytes are not an Ed25519 PKCS#8 key
     */
    public static PrivateKey privateKeyFromPkcs8(byte[] der) {
        try {
            return requireEd25519(KeyFactory.getInstance(ED25519).generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** The public key as PEM, base64 lines of 64 characters, ending in a line break. */
    public static String toPem(PublicKey publicKey) {
        return pem("PUBLIC KEY", requireEd25519(publicKey).getEncoded());
    }

    /** The private key as PKCS#8 PEM, base64 lines of 64 characters, ending in a line break. */
    public static String toPem(PrivateKey privateKey) {
        return pem("PRIVATE KEY", requireEd25519(privateKey).getEncoded());
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] pemBody(String pem, String label) {
        if (pem == null) {
            throw new IllegalArgumentException("no PEM text");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no \"" + begin + "\" ... \"" + end + "\" block");
        }
        String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + label + " block is not base64: " + e.getMessage());
        }
    }

    private static <K extends Key> K requireEd25519(K key) {
        if (!(key instanceof EdECKey edec) || !ED25519.equalsIgnoreCase(edec.getParams().getName())) {
            throw new IllegalArgumentException("only Ed25519 keys are accepted, not "
                    + (key == null ? "null" : key.getAlgorithm() + " (" + key.getClass().getSimpleName() + ")"));
        }
        return key;
    }
}
