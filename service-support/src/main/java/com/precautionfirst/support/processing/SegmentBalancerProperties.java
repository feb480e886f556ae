package com.precautionfirst.support.processing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How instances sharing a processor's segments tell each other they are alive ({@link SegmentBalancer}, decisions
 * 0031 and 0057).
 *
 * @param refreshInterval         how often each instance refreshes its {@code processor_node} rows and balances
 * @param deadAfterRefreshIntervals how many refresh intervals an instance may miss before the first instance to
 *                                notice takes it as dead and removes its rows; at least 2, since an instance that
 *                                missed one refresh only is merely slow
 */
@ConfigurationProperties("treatment.segment-balancer")
public record SegmentBalancerProperties(Duration refreshInterval, Integer deadAfterRefreshIntervals) {

    public SegmentBalancerProperties {
        refreshInterval = refreshInterval == null ? Duration.ofSeconds(2) : refreshInterval;
        deadAfterRefreshIntervals = deadAfterRefreshIntervals == null ? 3 : deadAfterRefreshIntervals;
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("treatment.segment-balancer.refresh-interval must be positive");
        }
        if (deadAfterRefreshIntervals < 2) {
            throw new IllegalArgumentException("treatment.segment-balancer.dead-after-refresh-intervals must be at "
                    + "least 2, was " + deadAfterRefreshIntervals);
        }
    }

    /** An instance whose row is older than this is dead: its row is removed and it no longer counts. */
    Duration deadAfter() {
        return refreshInterval.multipliedBy(deadAfterRefreshIntervals);
    }

    /**
     * A segment is released only to an instance whose row is at most this old (it missed no more than one refresh).
     * Shorter than the token claim timeout (5 s on the query side), so an instance that died can no longer look like
     * a taker by the time its own segments can be claimed.
     */
    Duration takerRefreshedWithin() {
        return refreshInterval.multipliedBy(2);
    }
}
