package com.precautionfirst.command.domain;

import com.precautionfirst.api.vocabulary.Role;

/**
 * Who sent a command, read from its metadata. The aggregates make the object checks with it, because only they
 * know which therapist is assigned to a client and who started a session.
 */
public record Actor(String userId, Role role) {

    public static Actor of(String userId, String role) {
        return new Actor(userId, role == null ? null : Role.valueOf(role));
    }

    public boolean isAdmin() {
        return role == Role.CLINIC_ADMIN;
    }

    public boolean isTherapist(String therapistId) {
        return role == Role.THERAPIST && userId != null && userId.equals(therapistId);
    }

    public void requireAdmin(String what) {
        if (!isAdmin()) {
            throw new NotPermittedException("Only the clinic admin may " + what + ".");
        }
    }
}
