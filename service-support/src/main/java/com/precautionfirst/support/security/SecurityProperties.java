package com.precautionfirst.support.security;

import com.precautionfirst.api.vocabulary.Role;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How callers are authenticated, and the first users the command side seeds into the user directory.
 *
 * @param mode               {@code BASIC} (HTTP Basic against the directory) or {@code JWT} (OAuth2 bearer tokens
 *                           checked against {@code spring.security.oauth2.resourceserver.jwt.*} and {@link #jwt};
 *                           the token's {@code sub} is looked up in the directory for role and insurer)
 * @param password           the initial password of the seeded users ({@code TREATMENT_DEMO_PASSWORD}, default
 *                           {@code demo}, on the embedded default; {@code TREATMENT_ADMIN_PASSWORD} on postgres)
 * @param users              the users seeded when the directory lacks them, with role and, for insurers, insurer id
 * @param credentialCacheTtl how long a verified user/password pair is remembered, so that HTTP Basic does not
 *                           pay a BCrypt verification on every request
 * @param jwt                what a bearer token must name in JWT mode
 * @param login              when failed logins lock a user or an address out for a while
 */
@ConfigurationProperties("treatment.security")
public record SecurityProperties(Mode mode, String password, List<User> users, Duration credentialCacheTtl,
                                 Jwt jwt, Login login) {

    public enum Mode { BASIC, JWT }

    public SecurityProperties {
        mode = mode == null ? Mode.BASIC : mode;
        users = users == null ? List.of() : List.copyOf(users);
        credentialCacheTtl = credentialCacheTtl == null ? Duration.ofMinutes(5) : credentialCacheTtl;
        jwt = jwt == null ? new Jwt(null, null) : jwt;
        login = login == null ? new Login(0, 0, null, 0) : login;
    }

    public record User(String name, Role role, String insurerId) {
    }

    /**
     * @param issuer   the only accepted {@code iss}
     * @param audience a value {@code aud} must contain
     */
    public record Jwt(String issuer, String audience) {
    }

    /**
     * Failed logins, counted per process (in memory) within a window: when a user has {@code maxFailuresPerUser}
     * failures in it, or an address {@code maxFailuresPerAddress}, logins of that user or from that address are
     * answered 429 until the window ends, before any password is checked. At most {@code concurrentPasswordChecks}
     * BCrypt verifications run at once.
     */
    public record Login(int maxFailuresPerUser, int maxFailuresPerAddress, Duration window,
                        int concurrentPasswordChecks) {

        public Login {
            maxFailuresPerUser = maxFailuresPerUser > 0 ? maxFailuresPerUser : 5;
            maxFailuresPerAddress = maxFailuresPerAddress > 0 ? maxFailuresPerAddress : 20;
            window = window == null ? Duration.ofMinutes(1) : window;
            concurrentPasswordChecks = concurrentPasswordChecks > 0 ? concurrentPasswordChecks
                    : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }
    }
}
