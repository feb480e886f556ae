package com.precautionfirst.support.security;

import com.precautionfirst.api.vocabulary.Role;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What a bearer token must say in JWT mode: {@code sub} is the user id (the therapist id for therapists),
 * {@code role} one of the four roles, {@code insurer_id} the insurer for an INSURER. A token without a known role
 * gets no authority, so every protected endpoint refuses it.
 */
public final class JwtClaims {

    public static final String ROLE = "role";
    public static final String INSURER_ID = "insurer_id";

    private JwtClaims() {
    }

    static AbstractAuthenticationToken toAuthentication(Jwt jwt) {
        String role = jwt.getClaimAsString(ROLE);
        boolean known = role != null && List.of(Role.values()).stream().anyMatch(r -> r.name().equals(role));
        return new JwtAuthenticationToken(jwt,
                known ? List.of(new SimpleGrantedAuthority("ROLE_" + role)) : List.of(), jwt.getSubject());
    }
}
