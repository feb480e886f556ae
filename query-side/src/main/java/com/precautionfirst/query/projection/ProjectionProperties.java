package com.precautionfirst.query.projection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the query side serves reads that must see a write.
 *
 * @param readYourWritesTimeout how long a GET carrying {@code X-Event-Position} waits for the projections to reach
 *                              that position before answering anyway with {@code X-Projection-Stale: true}
 */
@ConfigurationProperties("treatment.projection")
public record ProjectionProperties(Duration readYourWritesTimeout) {

    public ProjectionProperties {
        readYourWritesTimeout = readYourWritesTimeout == null ? Duration.ofSeconds(5) : readYourWritesTimeout;
    }
}
