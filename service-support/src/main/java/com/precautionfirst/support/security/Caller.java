package com.precautionfirst.support.security;

import com.precautionfirst.api.vocabulary.Role;

/**
 * Who is calling: the user id (for a therapist also the therapist id), the role and, for an insurer, the
 * insurer id.
 */
public record Caller(String userId, Role role, String insurerId) {

    public boolean is(Role expected) {
        return role == expected;
    }
}
