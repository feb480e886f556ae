package com.precautionfirst.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * HTTP Basic sends the password with every request and BCrypt takes tens of milliseconds of CPU to verify it:
 * on two cores that caps a service at a few dozen requests a second. This provider remembers, for a short time,
 * that a user/password pair verified successfully, keyed by a SHA-256 of the pair (the password itself is never
 * kept). A wrong password is always checked by the delegate. Every request still reads the user's directory row:
 * a remembered pair holds only while the user is active and their password hash is the one it was verified
 * against, so a deactivation or a new password takes effect on the next request. Requests that carry the same pair
 * while it is being verified wait for that one verification (a client's parallel first requests cost one BCrypt).
 */
public class CachingAuthenticationProvider implements AuthenticationProvider {

    private static final int MAX_ENTRIES = 10_000;

    private final AuthenticationProvider delegate;
    private final UserDirectory directory;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** Verifications under way: concurrent copies of one request (same user and password) wait for one BCrypt. */
    private final Map<String, CompletableFuture<Authentication>> inFlight = new ConcurrentHashMap<>();

    public CachingAuthenticationProvider(AuthenticationProvider delegate, UserDirectory directory, Duration ttl,
                                         Clock clock) {
        this.delegate = delegate;
        this.directory = directory;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        Object credentials = authentication.getCredentials();
        if (credentials == null) {
            return delegate.authenticate(authentication);
        }
        String key = fingerprint(authentication.getName(), credentials.toString());
        Instant now = clock.instant();
        String currentHash = directory.find(authentication.getName())
                .filter(UserDirectory.DirectoryUser::active)
                .map(UserDirectory.DirectoryUser::passwordHash)
                .orElse(null);
        Verified hit = verified.get(key);
        if (hit != null && hit.expiresAt().isAfter(now) && hit.passwordHash().equals(currentHash)) {
            return hit.authentication();
        }
        verified.remove(key);
        CompletableFuture<Authentication> mine = new CompletableFuture<>();
        CompletableFuture<Authentication> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return answerOf(running);
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            if (result != null && result.isAuthenticated() && currentHash != null) {
                if (verified.size() >= MAX_ENTRIES) {
                    verified.clear();
                }
                verified.put(key, new Verified(result, now.plus(ttl), currentHash));
            }
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** The answer of the request that is verifying the same user and password right now. */
    private static Authentication answerOf(CompletableFuture<Authentication> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String fingerprint(String user, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(user.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Verified(Authentication authentication, Instant expiresAt, String passwordHash) {
    }
}
