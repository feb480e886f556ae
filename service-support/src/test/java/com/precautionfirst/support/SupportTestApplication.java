package com.precautionfirst.support;

import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.security.SecuritySupportConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service on top of service-support, for testing what both services share. */
@SpringBootApplication
public class SupportTestApplication {

    @Bean
    SecurityFilterChain testSecurity(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        return SecuritySupportConfiguration.filterChain(http, authenticationManager, rules -> rules
                .requestMatchers("/api/whoami").hasAnyRole("THERAPIST", "CLINIC_ADMIN"));
    }

    @RestController
    static class WhoAmI {
        private final CallerResolver callers;

        WhoAmI(CallerResolver callers) {
            this.callers = callers;
        }

        @GetMapping("/api/whoami")
        Caller whoami() {
            return callers.current();
        }
    }
}
