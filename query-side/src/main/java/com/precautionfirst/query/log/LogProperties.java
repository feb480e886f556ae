package com.precautionfirst.query.log;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code treatment.signing.*}: where the checkpoint signing key is ({@code TREATMENT_SIGNING_KEY}, PKCS#8 PEM;
 * never in the database), whether to generate one in the data folder when it is not set (the embedded default; the
 * postgres profile refuses to start without one), the public keys of earlier keys whose checkpoints stay trusted
 * ({@code TREATMENT_SIGNING_TRUSTED_KEYS}), and how often a checkpoint is issued while the log grows.
 */
@ConfigurationProperties("treatment.signing")
public record LogProperties(String keyFile, boolean generateIfMissing, List<String> trustedPublicKeys,
                            Duration checkpointInterval) {

    public LogProperties {
        trustedPublicKeys = trustedPublicKeys == null ? List.of()
                : trustedPublicKeys.stream().filter(p -> !p.isBlank()).toList();
        checkpointInterval = checkpointInterval == null ? Duration.ofSeconds(5) : checkpointInterval;
    }
}
