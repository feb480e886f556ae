package com.precautionfirst.support.eventstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the services read and append the shared event store.
 *
 * @param fetchDelay         how often each tracking processor's stream polls the store once it has read everything,
 *                           while nothing tells it of other processes' commits (on H2; on PostgreSQL while the
 *                           query side's commit listener is disconnected): this bounds the projection lag
 * @param fetchDelayWhileListening the same while the query side listens for commit notifications (PostgreSQL): every
 *                           commit wakes the streams then, and the poll is only the fallback (decision 0055)
 * @param gapTimeout         how long a tracking token waits for a gap in the global index to fill (a transaction
 *                           that committed late) before giving up on it; see docs/decisions
 * @param gapCleaningThreshold how many gaps a token keeps before cleaning those older than the timeout
 * @param maxGapOffset       how far behind the newest index a gap is still tracked
 */
@ConfigurationProperties("treatment.event-store")
public record EventStoreProperties(Duration fetchDelay, Duration fetchDelayWhileListening, Duration gapTimeout,
                                   Integer gapCleaningThreshold, Integer maxGapOffset) {

    public EventStoreProperties {
        fetchDelay = fetchDelay == null ? Duration.ofMillis(100) : fetchDelay;
        fetchDelayWhileListening = fetchDelayWhileListening == null ? Duration.ofSeconds(1) : fetchDelayWhileListening;
        gapTimeout = gapTimeout == null ? Duration.ofSeconds(60) : gapTimeout;
        gapCleaningThreshold = gapCleaningThreshold == null ? 250 : gapCleaningThreshold;
        maxGapOffset = maxGapOffset == null ? 100_000 : maxGapOffset;
    }
}
