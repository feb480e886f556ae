package com.precautionfirst.support.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * In JWT mode a token proves who the caller is ({@code sub}, the user id); the user directory says what they may
 * do: the role and the insurer come from the directory, not from the token, so an identity provider cannot grant
 * a role the clinic did not, and a deactivated user is refused (401) even with a valid token.
 */
@Component
public class JwtClaims implements Converter<Jwt, AbstractAuthenticationToken> {

    private final UserDirectory directory;

    public JwtClaims(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        UserDirectory.DirectoryUser user = directory.find(jwt.getSubject())
                .filter(UserDirectory.DirectoryUser::active)
                .orElseThrow(() -> new DisabledException("The token's subject is not an active user of the directory"));
        return new JwtAuthenticationToken(jwt, java.util.List.of(new SimpleGrantedAuthority("ROLE_" + user.role())),
                user.userId());
    }
}
