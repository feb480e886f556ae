package com.precautionfirst.command.security;

import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.command.client.TherapistDirectory;
import com.precautionfirst.support.security.UserDirectory;
import org.springframework.stereotype.Component;

/** The clinic's therapists are the active THERAPIST users of the directory, in every security mode. */
@Component
public class DirectoryTherapists implements TherapistDirectory {

    private final UserDirectory directory;

    public DirectoryTherapists(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public boolean isTherapist(String userId) {
        return directory.find(userId).map(user -> user.isActive(Role.THERAPIST)).orElse(false);
    }
}
