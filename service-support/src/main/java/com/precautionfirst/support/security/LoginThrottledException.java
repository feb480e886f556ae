package com.precautionfirst.support.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Too many failed logins (or too many password checks at once): answered 429 with {@code Retry-After}. */
public class LoginThrottledException extends AuthenticationException {

    private final Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("too many failed logins");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, at least 1, as the {@code Retry-After} header wants them. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
