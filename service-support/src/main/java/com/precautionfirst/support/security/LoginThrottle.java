package com.precautionfirst.support.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Slows down password guessing: failed logins are counted per user and per client address within a window
 * ({@link SecurityProperties.Login}); once either count reaches its limit, every login of that user or from that
 * address is refused with {@link LoginThrottledException} (429, {@code Retry-After}) until the window ends, and that
 * before the delegate runs, so a locked-out caller costs no BCrypt. A successful login resets the user's count (not
 * the address's). The counts live in this process's memory: each instance counts for itself, and a restart forgets.
 */
public class LoginThrottle implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_KEYS = 100_000;

    private final AuthenticationProvider delegate;
    private final SecurityProperties.Login limits;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(AuthenticationProvider delegate, SecurityProperties.Login limits, Clock clock) {
        this.delegate = delegate;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        // user ids have at most 64 characters: longer names are all unknown and may share one count (and memory)
        String name = authentication.getName();
        String user = "user:" + (name.length() > 65 ? name.substring(0, 65) : name);
        String address = "address:" + address(authentication);
        Instant now = clock.instant();
        Optional<Duration> locked = lockedFor(user, limits.maxFailuresPerUser(), now)
                .or(() -> lockedFor(address, limits.maxFailuresPerAddress(), now));
        if (locked.isPresent()) {
            throw new LoginThrottledException(locked.get());
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            failures.remove(user);
            return result;
        } catch (LoginThrottledException | InternalAuthenticationServiceException notAFailedLogin) {
            throw notAFailedLogin; // too busy to check, or the directory could not be read
        } catch (AuthenticationException failed) {
            count(user, now);
            count(address, now);
            throw failed;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    private Optional<Duration> lockedFor(String key, int limit, Instant now) {
        Failures counted = failures.get(key);
        if (counted == null || counted.count() < limit || !now.isBefore(counted.end())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, counted.end()));
    }

    private void count(String key, Instant now) {
        if (failures.size() >= MAX_KEYS) {
            failures.values().removeIf(f -> !now.isBefore(f.end()));
            if (failures.size() >= MAX_KEYS) {
                log.warn("More than {} users and addresses with failed logins in one window; forgetting them", MAX_KEYS);
                failures.clear();
            }
        }
        failures.compute(key, (k, counted) -> counted == null || !now.isBefore(counted.end())
                ? new Failures(now.plus(limits.window()), 1)
                : new Failures(counted.end(), counted.count() + 1));
    }

    private static String address(Authentication authentication) {
        return authentication instanceof UsernamePasswordAuthenticationToken
                && authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
    }

    /** The failures counted in a window that ends at {@code end}. */
    private record Failures(Instant end, int count) {
    }
}
