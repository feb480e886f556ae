package com.precautionfirst.support.security;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The production profile refuses to start with the demo password (API.md): everybody knows it, and a clinic
 * that forgot to set {@code TREATMENT_DEMO_PASSWORD} would otherwise expose every record to it.
 */
@Component
@Profile("postgres")
public class ProductionPasswordGuard {

    static final String DEMO_PASSWORD = "demo";

    public ProductionPasswordGuard(SecurityProperties properties) {
        if (DEMO_PASSWORD.equals(properties.password())) {
            throw new IllegalStateException("The postgres (production) profile refuses the demo password: set "
                    + "TREATMENT_DEMO_PASSWORD (treatment.security.password) to a secret of your own.");
        }
    }
}
