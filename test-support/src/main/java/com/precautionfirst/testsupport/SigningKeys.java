package com.precautionfirst.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * Checkpoint signing keys for query sides started on the postgres profile, which refuses to start without
 * {@code TREATMENT_SIGNING_KEY} (decision 0040). Made with the JDK alone: openssl is not on every machine.
 */
public final class SigningKeys {

    private SigningKeys() {
    }

    /**
     * A new Ed25519 private key written to {@code file} as PKCS#8 PEM ({@code openssl genpkey -algorithm ed25519}
     * writes the same), readable by its owner only, since whoever reads it can sign checkpoints.
     *
     * @return {@code file}, for {@code TREATMENT_SIGNING_KEY}
     */
    public static Path writeNewKey(Path file) {
        try {
            byte[] pkcs8 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no Ed25519 in this JDK", e);
        }
    }
}
