package com.precautionfirst.support.security;

import com.precautionfirst.support.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
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
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic against the user directory or OAuth2 bearer tokens (JWT, chosen by {@code treatment.security.mode=JWT}
 * alone, the directory still naming each subject's role), identical on both services. Each service states only its own
 * authorization rules through {@link #filterChain}.
 */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
public class SecuritySupportConfiguration {

    /** How long a login waits for a free password check before it is answered 429. */
    private static final Duration PASSWORD_CHECK_WAIT = Duration.ofSeconds(5);

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Each user's own hash from the directory; a deactivated user is disabled, an unknown one not found. */
    @Bean
    public UserDetailsService userDetailsService(UserDirectory directory) {
        return userId -> directory.find(userId)
                .map(user -> User.withUsername(user.userId()).password(user.passwordHash())
                        .roles(user.role().name()).disabled(!user.active()).build())
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    @Bean
    public AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder encoder,
                                                       SecurityProperties properties, UserDirectory directory,
                                                       Clock clock) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        SecurityProperties.Login login = properties.login();
        return new ProviderManager(new LoginThrottle(
                new CachingAuthenticationProvider(
                        new BoundedPasswordChecks(dao, login.concurrentPasswordChecks(), PASSWORD_CHECK_WAIT),
                        directory, properties.credentialCacheTtl(), clock),
                login, clock));
    }

    /**
     * JWT mode accepts only tokens that expire, from the one configured issuer, for this audience; Spring Boot adds
     * this validator to the decoder it builds from {@code spring.security.oauth2.resourceserver.jwt.*}. Without an
     * issuer and an audience the service refuses to start.
     */
    @Bean
    @ConditionalOnProperty(name = "treatment.security.mode", havingValue = "JWT")
    public OAuth2TokenValidator<Jwt> treatmentTokenRules(SecurityProperties properties) {
        String issuer = properties.jwt().issuer();
        String audience = properties.jwt().audience();
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new IllegalStateException("JWT mode needs treatment.security.jwt.issuer and .audience"
                    + " (TREATMENT_JWT_ISSUER, TREATMENT_JWT_AUDIENCE)");
        }
        return new DelegatingOAuth2TokenValidator<>(
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
    }

    /**
     * The chain both services use: stateless HTTP Basic, problem+json for 401 and 403 (every 403 by role written to
     * the access log, {@link RefusedByRoleHandler}), documentation (where switched on) and health open, the other
     * actuator endpoints (metrics, Prometheus) for CLINIC_ADMIN only, everything else authenticated after the
     * service's own {@code rules}.
     */
    public static SecurityFilterChain filterChain(HttpSecurity http, AuthenticationManager authenticationManager,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        SecurityProperties properties = context.getBean(SecurityProperties.class);
        boolean jwt = properties.mode() == SecurityProperties.Mode.JWT;
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            if (e instanceof LoginThrottledException throttled) {
                response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                writeProblem(response, HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                        "Too many failed logins", "Try again in " + throttled.retryAfterSeconds() + " s.");
                return;
            }
            response.setHeader("WWW-Authenticate", jwt ? "Bearer" : "Basic realm=\"treatment-records\"");
            writeProblem(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                    jwt ? "Send a valid bearer token." : "Send valid credentials (HTTP Basic).");
        };
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (jwt) {
            http.oauth2ResourceServer(oauth -> oauth
                    .jwt(token -> token.jwtAuthenticationConverter(
                            http.getSharedObject(ApplicationContext.class).getBean(JwtClaims.class)))
                    .authenticationEntryPoint(unauthenticated));
        } else {
            http.authenticationManager(authenticationManager)
                    .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated));
        }
        http.exceptionHandling(ex -> ex
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(context.getBean(RefusedByRoleHandler.class)))
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers("/actuator/health/**", "/actuator/health", "/v3/api-docs/**",
                            "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll();
                    authorize.requestMatchers("/actuator", "/actuator/**").hasRole("CLINIC_ADMIN");
                    authorize.requestMatchers(HttpMethod.GET, WhoAmIController.PATH).authenticated();
                    rules.customize(authorize);
                    authorize.anyRequest().authenticated();
                });
        return http.build();
    }

    static void writeProblem(HttpServletResponse response, HttpStatus status, String type, String title,
                                     String detail) throws IOException {
        Problems.write(response, status, type, title, detail);
    }
}
