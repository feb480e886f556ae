package com.precautionfirst.command.security;

import com.precautionfirst.support.security.SecuritySupportConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may send which command, by role. Object checks (is this therapist assigned to this client, did they start
 * this session) are decided by the aggregates, which know the assignments.
 */
@Configuration
public class CommandSecurityConfiguration {

    @Bean
    public SecurityFilterChain commandSecurity(HttpSecurity http, AuthenticationManager authenticationManager)
            throws Exception {
        return SecuritySupportConfiguration.filterChain(http, authenticationManager, rules -> rules
                .requestMatchers(HttpMethod.POST, "/api/clients").hasRole("CLINIC_ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/users", "/api/users/*/deactivation").hasRole("CLINIC_ADMIN")
                // every user may change their own password; the account decides whose
                .requestMatchers(HttpMethod.POST, "/api/users/*/password").authenticated()
                .requestMatchers(HttpMethod.POST, "/api/**").hasAnyRole("CLINIC_ADMIN", "THERAPIST")
                .requestMatchers("/api/**").denyAll());
    }
}
