package com.precautionfirst.support.time;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.validation.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock every "now" of both services comes from (session start windows, idempotency records, access log,
 * as-of defaults, credential cache, the date ranges of Bean Validation), so a test can fix the time by declaring
 * its own {@link Clock} bean.
 */
@Configuration
public class ClockConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** "Today" of {@code @PastOrPresent}, {@code @DateWithin} and the like is the services' clock's. */
    @Bean
    public ValidationConfigurationCustomizer validationClock(Clock clock) {
        return configuration -> configuration.clockProvider(() -> clock);
    }
}
