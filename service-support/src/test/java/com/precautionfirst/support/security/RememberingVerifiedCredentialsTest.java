package com.precautionfirst.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.precautionfirst.api.vocabulary.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

class RememberingVerifiedCredentialsTest {

    private final AtomicInteger verifications = new AtomicInteger();
    private final AuthenticationProvider passwordCheck = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication authentication) {
            verifications.incrementAndGet();
            if (!"demo".equals(authentication.getCredentials())) {
                throw new BadCredentialsException("bad");
            }
            return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
                    AuthorityUtils.createAuthorityList("ROLE_AUDITOR"));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return true;
        }
    };
    private Instant now = Instant.parse("2026-11-25T10:00:00Z");
    /** The directory's rows as the provider reads them on every request. */
    private final Map<String, UserDirectory.DirectoryUser> rows = new HashMap<>(Map.of(
            "auditor", new UserDirectory.DirectoryUser("auditor", Role.AUDITOR, null, true, "{bcrypt}hash-1"),
            "admin", new UserDirectory.DirectoryUser("admin", Role.CLINIC_ADMIN, null, true, "{bcrypt}hash-2")));
    private final UserDirectory directory = new UserDirectory(null) {
        @Override
        public Optional<DirectoryUser> find(String userId) {
            return Optional.ofNullable(rows.get(userId));
        }
    };
    private final CachingAuthenticationProvider provider = new CachingAuthenticationProvider(passwordCheck,
            directory, Duration.ofMinutes(5), new Clock() {
                public ZoneOffset getZone() { return ZoneOffset.UTC; }
                public Clock withZone(java.time.ZoneId zone) { return this; }
                public Instant instant() { return now; }
            });

    @Test
    void aVerifiedPairIsNotVerifiedAgainWithinTheTtl() {
        provider.authenticate(login("auditor", "demo"));
        Authentication again = provider.authenticate(login("auditor", "demo"));
        assertThat(again.getName()).isEqualTo("auditor");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aWrongPasswordIsAlwaysCheckedAndRefused() {
        provider.authenticate(login("auditor", "demo"));
        assertThatThrownBy(() -> provider.authenticate(login("auditor", "guess"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> provider.authenticate(login("auditor", "guess"))).isInstanceOf(BadCredentialsException.class);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void anotherUserWithTheSamePasswordIsVerifiedSeparately() {
        provider.authenticate(login("auditor", "demo"));
        assertThat(provider.authenticate(login("admin", "demo")).getName()).isEqualTo("admin");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void afterTheTtlThePasswordIsVerifiedAgain() {
        provider.authenticate(login("auditor", "demo"));
        now = now.plus(Duration.ofMinutes(6));
        provider.authenticate(login("auditor", "demo"));
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aDeactivatedUserIsNotRememberedWithinTheTtl() {
        provider.authenticate(login("auditor", "demo"));
        rows.put("auditor", new UserDirectory.DirectoryUser("auditor", Role.AUDITOR, null, false, "{bcrypt}hash-1"));
        provider.authenticate(login("auditor", "demo"));
        assertThat(verifications).as("checked again by the delegate, which refuses a disabled user").hasValue(2);
    }

    @Test
    void aNewPasswordHashEndsTheRememberedPair() {
        provider.authenticate(login("auditor", "demo"));
        rows.put("auditor", new UserDirectory.DirectoryUser("auditor", Role.AUDITOR, null, true, "{bcrypt}hash-9"));
        provider.authenticate(login("auditor", "demo"));
        assertThat(verifications).hasValue(2);
    }

    @Test
    void parallelCopiesOfOnePairAreVerifiedOnce() throws Exception {
        CountDownLatch inCheck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CachingAuthenticationProvider slow = new CachingAuthenticationProvider(new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                inCheck.countDown();
                await(release);
                return passwordCheck.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return true;
            }
        }, directory, Duration.ofMinutes(5), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Authentication>> copies = new ArrayList<>();
            copies.add(pool.submit(() -> slow.authenticate(login("auditor", "demo"))));
            await(inCheck);
            for (int i = 0; i < 3; i++) {
                copies.add(pool.submit(() -> slow.authenticate(login("auditor", "demo"))));
            }
            Thread.sleep(200);
            release.countDown();
            for (Future<Authentication> copy : copies) {
                assertThat(copy.get(10, TimeUnit.SECONDS).getName()).isEqualTo("auditor");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(verifications).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Authentication login(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }
}
