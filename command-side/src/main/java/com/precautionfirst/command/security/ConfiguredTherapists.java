package com.precautionfirst.command.security;

import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.command.client.TherapistDirectory;
import com.precautionfirst.support.security.SecurityProperties;
import org.springframework.stereotype.Component;

/** The clinic's therapists as configured under {@code treatment.security.users}. */
@Component
public class ConfiguredTherapists implements TherapistDirectory {

    private final SecurityProperties properties;

    public ConfiguredTherapists(SecurityProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean isTherapist(String userId) {
        return properties.users().stream().anyMatch(u -> u.role() == Role.THERAPIST && u.name().equals(userId));
    }
}
