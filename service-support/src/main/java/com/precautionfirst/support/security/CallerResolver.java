package com.precautionfirst.support.security;

import com.precautionfirst.api.vocabulary.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Turns the authenticated principal into a {@link Caller}, with the insurer the directory names for them. */
@Component
public class CallerResolver {

    private final UserDirectory directory;

    public CallerResolver(UserDirectory directory) {
        this.directory = directory;
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
        String insurerId = directory.find(authentication.getName())
                .map(UserDirectory.DirectoryUser::insurerId)
                .orElse(null);
        return new Caller(authentication.getName(), role, insurerId);
    }
}
