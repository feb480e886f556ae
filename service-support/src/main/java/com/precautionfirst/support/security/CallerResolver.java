package com.precautionfirst.support.security;

import com.precautionfirst.api.vocabulary.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** Turns the authenticated principal into a {@link Caller}. */
@Component
public class CallerResolver {

    private final SecurityProperties properties;

    public CallerResolver(SecurityProperties properties) {
        this.properties = properties;
    }

    public Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new IllegalStateException("no authenticated caller");
        }
        Role role = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> Role.valueOf(a.substring("ROLE_".length())))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("caller has no role"));
        if (authentication.getPrincipal() instanceof Jwt jwt) {
            return new Caller(authentication.getName(), role, jwt.getClaimAsString(JwtClaims.INSURER_ID));
        }
        String insurerId = properties.users().stream()
                .filter(u -> u.name().equals(authentication.getName()) && u.insurerId() != null)
                .map(SecurityProperties.User::insurerId)
                .findFirst()
                .orElse(null);
        return new Caller(authentication.getName(), role, insurerId);
    }
}
