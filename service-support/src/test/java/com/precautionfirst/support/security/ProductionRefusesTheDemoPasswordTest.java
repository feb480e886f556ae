package com.precautionfirst.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class ProductionRefusesTheDemoPasswordTest {

    @Configuration
    @EnableConfigurationProperties(SecurityProperties.class)
    @Import(ProductionPasswordGuard.class)
    static class Guarded {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Guarded.class);

    private ApplicationContextRunner withProfile(String profile) {
        return runner.withInitializer(context -> context.getEnvironment().setActiveProfiles(profile));
    }

    @Test
    void theProductionProfileDoesNotStartWithTheDemoPassword() {
        withProfile("postgres").withPropertyValues("treatment.security.password=demo").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("TREATMENT_DEMO_PASSWORD");
        });
    }

    @Test
    void theProductionProfileStartsWithAPasswordOfItsOwn() {
        withProfile("postgres").withPropertyValues("treatment.security.password=a-clinic-secret")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ProductionPasswordGuard.class));
    }

    @Test
    void theEmbeddedDefaultKeepsTheDemoPassword() {
        runner.withPropertyValues("treatment.security.password=demo")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProductionPasswordGuard.class));
    }
}
