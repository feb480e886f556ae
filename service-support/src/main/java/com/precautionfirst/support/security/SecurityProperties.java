package com.precautionfirst.support.security;

import com.precautionfirst.api.vocabulary.Role;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The users of the embedded default (API.md): one password for all of them, {@code demo} unless
 * {@code TREATMENT_DEMO_PASSWORD} is set.
 *
 * @param mode              {@code BASIC} (users below) or {@code JWT} (OAuth2 bearer tokens checked against
 *                          {@code spring.security.oauth2.resourceserver.jwt.*}; claims {@code sub}, {@code role},
 *                          {@code insurer_id})
 * @param password          the users' password
 * @param users             who exists, with role and, for insurers, the insurer id
 * @param credentialCacheTtl how long a verified user/password pair is remembered, so that HTTP Basic does not
 *                          pay a BCrypt verification on every request
 */
@ConfigurationProperties("treatment.security")
public record SecurityProperties(Mode mode, String password, List<User> users, Duration credentialCacheTtl) {

    public enum Mode { BASIC, JWT }

    public SecurityProperties {
        mode = mode == null ? Mode.BASIC : mode;
        users = users == null ? List.of() : List.copyOf(users);
        credentialCacheTtl = credentialCacheTtl == null ? Duration.ofMinutes(5) : credentialCacheTtl;
    }

    public record User(String name, Role role, String insurerId) {
    }
}
