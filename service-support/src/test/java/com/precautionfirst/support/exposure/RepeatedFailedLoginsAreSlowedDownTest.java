package com.precautionfirst.support.exposure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.precautionfirst.support.SupportTestApplication;
import com.precautionfirst.support.security.BoundedPasswordChecks;
import com.precautionfirst.support.security.LoginThrottle;
import com.precautionfirst.support.security.LoginThrottledException;
import com.precautionfirst.support.security.SecurityProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Issue 10, point 8: 200 wrong passwords in a row were answered without any slowdown, and 16 parallel wrong-password
 * clients made a legitimate request 20 times slower (BCrypt CPU). After 5 failures for one user within a minute, or
 * 20 from one address, logins are answered 429 with Retry-After until the minute is over, before any BCrypt; a
 * success resets the user's count; and at most a few password checks run at once. Each test calls from its own
 * loopback address (127.0.0.N), so the per-address counts of the tests do not add up.
 */
@SpringBootTest(classes = SupportTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RepeatedFailedLoginsAreSlowedDownTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("failed-logins").toString();
        registry.add("treatment.data-dir", () -> dir);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @MockitoSpyBean
    PasswordEncoder passwords;

    @BeforeEach
    void directory() {
        jdbc.update("DELETE FROM app_user");
        String hash = passwords.encode("demo");
        for (String user : new String[] {"therapist-a", "therapist-b", "therapist-c", "admin"}) {
            jdbc.update("INSERT INTO app_user (user_id, role, insurer_id, active, password_hash)"
                    + " VALUES (?, 'THERAPIST', NULL, TRUE, ?)", user, hash);
        }
        clearInvocations(passwords);
    }

    static Stream<Arguments> lockOuts() {
        return Stream.of(
                Arguments.of("5 wrong passwords for one user", "127.0.0.2", 5,
                        (IntFunctionOfUser) i -> "therapist-a"),
                Arguments.of("20 failures from one address, 4 per user name", "127.0.0.3", 20,
                        (IntFunctionOfUser) i -> "guess-" + (i / 4)));
    }

    interface IntFunctionOfUser {
        String user(int attempt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lockOuts")
    void thenEvenTheRightPasswordIs429WithRetryAfterAndNoPasswordIsChecked(String description, String address,
            int failures, IntFunctionOfUser user) throws Exception {
        for (int i = 0; i < failures; i++) {
            assertThat(whoami(address, user.user(i), "wrong-password").status()).isEqualTo(401);
        }
        clearInvocations(passwords);

        Answer refused = whoami(address, "therapist-a", "demo");

        assertThat(refused.status()).as(refused.text()).isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.text()).contains("too-many-failed-logins").doesNotContain("\"userId\"");
        verify(passwords, never()).matches(any(), any());
    }

    @Test
    void aLockedOutUserIsLockedOutFromEveryAddress() throws Exception {
        for (int i = 0; i < 5; i++) {
            whoami("127.0.0.4", "therapist-b", "wrong-password");
        }
        clearInvocations(passwords);

        assertThat(whoami("127.0.0.5", "therapist-b", "demo").status()).isEqualTo(429);
        verify(passwords, never()).matches(any(), any());
        assertThat(whoami("127.0.0.5", "therapist-c", "demo").status()).as("another user from there").isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginResetsTheUsersCount() throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                assertThat(whoami("127.0.0.6", "admin", "wrong-password").status()).isEqualTo(401);
            }
            assertThat(whoami("127.0.0.6", "admin", "demo").status()).isEqualTo(200);
        }
    }

    @Test
    void theLockOutEndsWithTheWindow() {
        MutableClock clock = new MutableClock();
        LoginThrottle throttle = new LoginThrottle(new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                throw new BadCredentialsException("wrong");
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return true;
            }
        }, new SecurityProperties.Login(5, 20, Duration.ofMinutes(1), 2), clock);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> throttle.authenticate(login("therapist-a"))).isInstanceOf(BadCredentialsException.class);
        }
        clock.now = clock.now.plusSeconds(45);
        assertThatThrownBy(() -> throttle.authenticate(login("therapist-a")))
                .isInstanceOfSatisfying(LoginThrottledException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15)));

        clock.now = clock.now.plusSeconds(15);
        assertThatThrownBy(() -> throttle.authenticate(login("therapist-a"))).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void atMostTheConfiguredNumberOfPasswordChecksRunAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        AuthenticationProvider slowCheck = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                checks.incrementAndGet();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new BadCredentialsException("wrong");
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return true;
            }
        };
        BoundedPasswordChecks bounded = new BoundedPasswordChecks(slowCheck, 1, Duration.ofMillis(200));
        CompletableFuture<?> first = CompletableFuture.runAsync(() -> {
            try {
                bounded.authenticate(login("therapist-a"));
            } catch (BadCredentialsException expected) {
                // the slow check's answer
            }
        });
        while (checks.get() == 0) {
            Thread.sleep(10);
        }

        assertThatThrownBy(() -> bounded.authenticate(login("therapist-b"))).isInstanceOf(LoginThrottledException.class);
        assertThat(checks).as("the second check never ran").hasValue(1);
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
    }

    private static Authentication login(String user) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(user, "pw");
        token.setDetails(new org.springframework.security.web.authentication.WebAuthenticationDetails("127.0.0.9", null));
        return token;
    }

    /** One HTTP/1.1 request from the given local address (the JDK client cannot choose it). */
    private Answer whoami(String from, String user, String password) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return new Answer(all.toString(StandardCharsets.UTF_8));
        }
    }

    private record Answer(String text) {
        int status() {
            return Integer.parseInt(text.substring(9, 12));
        }

        String header(String name) {
            return text.lines().takeWhile(line -> !line.isEmpty())
                    .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElse("");
        }
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
