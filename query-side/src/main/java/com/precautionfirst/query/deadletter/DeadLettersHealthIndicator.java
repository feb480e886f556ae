package com.precautionfirst.query.deadletter;

import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code deadLetters} in {@code /actuator/health}: OUT_OF_SERVICE (so the whole answer is 503) while any projection
 * holds a dead letter, because a client's record then lacks events until an admin retries them; the details (for
 * the admin) count the letters per processing group. DOWN stays what it was: the database cannot be queried. The
 * liveness and readiness probes leave it out: restarting or unrouting the instance would not bring the events back.
 */
@Component
class DeadLettersHealthIndicator implements HealthIndicator {

    private final DeadLetters letters;

    DeadLettersHealthIndicator(DeadLetters letters) {
        this.letters = letters;
    }

    @Override
    public Health health() {
        Map<String, Long> counts = letters.counts();
        boolean waiting = counts.values().stream().anyMatch(count -> count > 0);
        return (waiting ? Health.outOfService() : Health.up()).withDetails(Map.copyOf(counts)).build();
    }
}
