package com.precautionfirst.query.security;

import com.precautionfirst.support.security.SecuritySupportConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Who may read what, by role; per-client checks (therapist assignment) are made where the record is read. */
@Configuration
public class QuerySecurityConfiguration {

    @Bean
    public SecurityFilterChain querySecurity(HttpSecurity http, AuthenticationManager authenticationManager)
            throws Exception {
        return SecuritySupportConfiguration.filterChain(http, authenticationManager, rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/clients/**").hasAnyRole("CLINIC_ADMIN", "AUDITOR", "THERAPIST")
                .requestMatchers("/api/**").denyAll());
    }
}
