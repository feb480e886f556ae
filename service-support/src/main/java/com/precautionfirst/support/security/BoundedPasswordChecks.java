package com.precautionfirst.support.security;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * At most {@code permits} password verifications (BCrypt, tens of milliseconds of CPU each) run at once; a login that
 * finds none free within {@code wait} is refused with {@link LoginThrottledException} (429) without a check. Wrong
 * passwords from many addresses can then take only these threads' CPU, not every core: requests whose credentials
 * are already verified ({@link CachingAuthenticationProvider}) never come here.
 */
public class BoundedPasswordChecks implements AuthenticationProvider {

    private final AuthenticationProvider delegate;
    private final Semaphore permits;
    private final Duration wait;

    public BoundedPasswordChecks(AuthenticationProvider delegate, int permits, Duration wait) {
        this.delegate = delegate;
        this.permits = new Semaphore(permits, true);
        this.wait = wait;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new LoginThrottledException(Duration.ofSeconds(1));
        }
        try {
            return delegate.authenticate(authentication);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
