package com.precautionfirst.command.security;

import com.precautionfirst.support.security.SecurityProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The production profile seeds only {@code admin}, from {@code TREATMENT_ADMIN_PASSWORD}, and refuses to start
 * without a real one: a clinic that forgot it would otherwise have no admin, or one everybody can guess.
 */
@Component
@Profile("postgres")
public class ProductionAdminPassword {

    static final int MIN_LENGTH = 12;

    public ProductionAdminPassword(SecurityProperties properties) {
        String password = properties.password();
        if (password == null || password.length() < MIN_LENGTH || password.equalsIgnoreCase("demo")) {
            throw new IllegalStateException("The postgres (production) profile needs TREATMENT_ADMIN_PASSWORD"
                    + " (at least " + MIN_LENGTH + " characters, not the demo password) to create its first admin.");
        }
    }
}
