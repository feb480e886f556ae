package com.precautionfirst.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

class JwtModeRefusesToStartWithoutIssuerAndAudienceTest {

    @Configuration
    @EnableConfigurationProperties(SecurityProperties.class)
    static class TokenRules {
        @Bean
        OAuth2TokenValidator<Jwt> rules(SecurityProperties properties) {
            return new SecuritySupportConfiguration().treatmentTokenRules(properties);
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(TokenRules.class).withPropertyValues("treatment.security.mode=JWT");

    @Test
    void withoutAnIssuerItDoesNotStart() {
        runner.withPropertyValues("treatment.security.jwt.audience=treatment-records").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("TREATMENT_JWT_ISSUER");
        });
    }

    @Test
    void withoutAnAudienceItDoesNotStart() {
        runner.withPropertyValues("treatment.security.jwt.issuer=https://login.clinic.example")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void withBothItStarts() {
        runner.withPropertyValues("treatment.security.jwt.issuer=https://login.clinic.example",
                "treatment.security.jwt.audience=treatment-records").run(context -> assertThat(context).hasNotFailed());
    }
}
