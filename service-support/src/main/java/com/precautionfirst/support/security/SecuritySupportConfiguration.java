package com.precautionfirst.support.security;

import com.precautionfirst.support.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic against the configured users (the embedded default) or OAuth2 bearer tokens (JWT, chosen by
 * {@code treatment.security.mode=JWT} alone), identical on both services. Each service states only its own
 * authorization rules through {@link #filterChain}.
 */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
public class SecuritySupportConfiguration {

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public UserDetailsService userDetailsService(SecurityProperties properties, PasswordEncoder encoder) {
        if (properties.password() == null || properties.password().isBlank()) {
            throw new IllegalStateException("treatment.security.password must be set");
        }
        String hash = encoder.encode(properties.password());
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        properties.users().forEach(u -> users.createUser(
                User.withUsername(u.name()).password(hash).roles(u.role().name()).build()));
        return users;
    }

    @Bean
    public AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder encoder,
                                                       SecurityProperties properties, Clock clock) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        return new ProviderManager(
                new CachingAuthenticationProvider(dao, properties.credentialCacheTtl(), clock));
    }

    /**
     * The chain both services use: stateless HTTP Basic, problem+json for 401 and 403, documentation and health
     * open, everything else authenticated after the service's own {@code rules}.
     */
    public static SecurityFilterChain filterChain(HttpSecurity http, AuthenticationManager authenticationManager,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        SecurityProperties properties = http.getSharedObject(ApplicationContext.class).getBean(SecurityProperties.class);
        boolean jwt = properties.mode() == SecurityProperties.Mode.JWT;
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", jwt ? "Bearer" : "Basic realm=\"treatment-records\"");
            writeProblem(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                    jwt ? "Send a valid bearer token." : "Send valid credentials (HTTP Basic).");
        };
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (jwt) {
            http.oauth2ResourceServer(oauth -> oauth
                    .jwt(token -> token.jwtAuthenticationConverter(JwtClaims::toAuthentication))
                    .authenticationEntryPoint(unauthenticated));
        } else {
            http.authenticationManager(authenticationManager)
                    .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated));
        }
        http.exceptionHandling(ex -> ex
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, e) -> writeProblem(response, HttpStatus.FORBIDDEN,
                                "forbidden", "Forbidden", "Your role may not do this.")))
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers("/actuator/health/**", "/actuator/health", "/v3/api-docs/**",
                            "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll();
                    rules.customize(authorize);
                    authorize.anyRequest().authenticated();
                });
        return http.build();
    }

    private static void writeProblem(HttpServletResponse response, HttpStatus status, String type, String title,
                                     String detail) throws IOException {
        response.setStatus(status.value());
        response.setCharacterEncoding("UTF-8");
        response.setContentType("application/problem+json");
        response.getWriter().write(Problems.json(status, type, title, detail));
    }
}
