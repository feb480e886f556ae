package com.precautionfirst.query.dashboard;

import com.precautionfirst.support.access.AccessLogUnavailableException;
import com.precautionfirst.support.security.RefusedByRoleHandler;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The dashboard's own security chain (decision 0063), ordered before the JSON API's and matching only the pages:
 * sign-in with a form against the same user directory and login throttle as HTTP Basic, a session cookie, CSRF
 * protection on every form, sign-out. The JSON API keeps its stateless HTTP Basic or JWT chain
 * (QuerySecurityConfiguration); a page never answers to an Authorization header, and the API never to the cookie,
 * with one exception: a download of an export (GET /api/exports) that carries the session cookie and no
 * Authorization header, which is how the insurer's page links to its exports. Roles are checked here as the API's
 * chain checks them; a refusal by role is written to the access log as the API's are and answered with the 403
 * page. The object checks (a therapist's own clients) are the API's own, in the controllers the pages call.
 */
@Configuration
public class DashboardSecurityConfiguration {

    /** The page a refusal is forwarded to; a page of its own so that the 403 answer is HTML for a browser. */
    static final String DENIED = "/denied";

    private static final String[] RECORD_READERS = {"CLINIC_ADMIN", "AUDITOR", "THERAPIST"};

    @Bean
    @Order(1)
    public SecurityFilterChain dashboardSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
                                                 RefusedByRoleHandler refusals) throws Exception {
        http.securityMatcher(pages())
                .authenticationManager(authenticationManager)
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", true)
                        .failureUrl("/login?error").permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut")
                        .deleteCookies("JSESSIONID"))
                .exceptionHandling(ex -> ex.accessDeniedHandler(deniedPage(refusals)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                + "frame-ancestors 'none'; form-action 'self'")))
                .authorizeHttpRequests(authorize -> authorize
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", DENIED, "/dashboard/**", "/webjars/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/").authenticated()
                        .requestMatchers(HttpMethod.GET, "/clients/*/audit", "/flagged")
                        .hasAnyRole("CLINIC_ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.GET, "/clients/*", "/sessions/*", "/sessions/*/live")
                        .hasAnyRole(RECORD_READERS)
                        .requestMatchers(HttpMethod.GET, "/insurer").hasRole("INSURER")
                        .requestMatchers(HttpMethod.GET, "/api/exports").hasAnyRole("CLINIC_ADMIN", "AUDITOR", "INSURER")
                        .anyRequest().denyAll());
        return http.build();
    }

    /** The pages, their files, and an export downloaded from a page (the session cookie, no Authorization header). */
    private static RequestMatcher pages() {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        RequestMatcher exportFromAPage = request -> request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getRequestedSessionId() != null
                && path.matcher(HttpMethod.GET, "/api/exports").matches(request);
        return new OrRequestMatcher(path.matcher("/"), path.matcher("/login"), path.matcher("/logout"),
                path.matcher(DENIED), path.matcher("/clients/**"), path.matcher("/sessions/**"),
                path.matcher("/flagged"), path.matcher("/insurer"), path.matcher("/dashboard/**"),
                path.matcher("/webjars/**"), exportFromAPage);
    }

    /**
     * A page the role may not open: logged as the API's refusals are (RefusedByRoleHandler), then the 403 page. If the
     * refusal cannot be logged, the page says the service is unavailable (503), as the API does. A refusal before
     * sign-in (a sign-in form without its CSRF token) names no one and is not logged.
     */
    private static AccessDeniedHandler deniedPage(RefusedByRoleHandler refusals) {
        return (request, response, denied) -> {
            try {
                if (signedIn()) {
                    refusals.log(request);
                }
                response.setStatus(403);
            } catch (AccessLogUnavailableException e) {
                response.setStatus(503);
                request.setAttribute(DashboardErrors.UNAVAILABLE, Boolean.TRUE);
            }
            request.getRequestDispatcher(DENIED).forward(request, response);
        };
    }

    private static boolean signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }
}
