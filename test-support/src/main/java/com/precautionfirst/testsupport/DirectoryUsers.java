package com.precautionfirst.testsupport;

import java.net.http.HttpResponse;

/**
 * The postgres profile seeds only {@code admin}; a test that acts as the other demo users creates them over the
 * API, as a clinic would, each with the given password (at least 12 characters, not containing the user id).
 */
public final class DirectoryUsers {

    private DirectoryUsers() {
    }

    /** therapist-a, therapist-b, auditor and insurer-x (insurer INS-X); a user that exists already is kept. */
    public static void createDemoUsers(Api admin, String password) {
        create(admin, "therapist-a", "THERAPIST", null, password);
        create(admin, "therapist-b", "THERAPIST", null, password);
        create(admin, "auditor", "AUDITOR", null, password);
        create(admin, "insurer-x", "INSURER", "INS-X", password);
    }

    private static void create(Api admin, String userId, String role, String insurerId, String password) {
        HttpResponse<String> answer = admin.post("/api/users", "{\"userId\":\"" + userId + "\",\"role\":\"" + role
                + "\",\"password\":\"" + password + "\""
                + (insurerId == null ? "" : ",\"insurerId\":\"" + insurerId + "\"") + "}");
        if (answer.statusCode() != 201 && answer.statusCode() != 409) {
            throw new IllegalStateException("creating " + userId + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
    }
}
