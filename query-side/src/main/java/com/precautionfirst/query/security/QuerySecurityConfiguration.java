package com.precautionfirst.query.security;

import com.precautionfirst.support.security.SecuritySupportConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may read what, by role. The per-client check (a therapist reads only clients assigned to them) is made
 * where the record is read (RecordAccess). Insurers read no record here, only exports (of their own insurer id,
 * checked in ExportController; administrators and auditors any) and their verification; the audit
 * trail and its verification are for administrators and auditors; the access log for auditors only, its
 * verification for auditors and administrators. The signed log's checkpoints and proofs (hashes only, no content)
 * for administrators, auditors and insurers; its verification against the store for administrators and auditors.
 * Rebuilding the projections and their dead letters (list, retry) for administrators.
 * Every refusal by role is logged (RefusedByRoleHandler).
 */
@Configuration
public class QuerySecurityConfiguration {

    @Bean
    public SecurityFilterChain querySecurity(HttpSecurity http, AuthenticationManager authenticationManager)
            throws Exception {
        return SecuritySupportConfiguration.filterChain(http, authenticationManager, rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/clients/*/audit-trail", "/api/clients/*/audit-trail/**")
                .hasAnyRole("CLINIC_ADMIN", "AUDITOR")
                .requestMatchers(HttpMethod.GET, "/api/clients/*/history", "/api/sessions/*", "/api/precautions")
                .hasAnyRole("CLINIC_ADMIN", "AUDITOR", "THERAPIST")
                .requestMatchers(HttpMethod.GET, "/api/access-log/verification").hasAnyRole("CLINIC_ADMIN", "AUDITOR")
                .requestMatchers(HttpMethod.GET, "/api/access-log").hasRole("AUDITOR")
                .requestMatchers(HttpMethod.POST, "/api/admin/projections/rebuild").hasRole("CLINIC_ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/admin/dead-letters").hasRole("CLINIC_ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/admin/dead-letters/retry").hasRole("CLINIC_ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/users").hasRole("CLINIC_ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/checkpoints/latest", "/api/checkpoints/public-key",
                        "/api/checkpoints/consistency", "/api/checkpoints/inclusion")
                .hasAnyRole("CLINIC_ADMIN", "AUDITOR", "INSURER")
                .requestMatchers(HttpMethod.GET, "/api/exports").hasAnyRole("CLINIC_ADMIN", "AUDITOR", "INSURER")
                .requestMatchers(HttpMethod.POST, "/api/exports/verify")
                .hasAnyRole("CLINIC_ADMIN", "AUDITOR", "INSURER")
                .requestMatchers(HttpMethod.GET, "/api/log/verification").hasAnyRole("CLINIC_ADMIN", "AUDITOR")
                .requestMatchers(HttpMethod.POST, "/api/log/verification").hasAnyRole("CLINIC_ADMIN", "AUDITOR")
                .requestMatchers("/api/**").denyAll());
    }
}
