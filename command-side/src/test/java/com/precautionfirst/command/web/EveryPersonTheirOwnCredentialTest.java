package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issue 10, point 1: one password for every user let any therapist sign in as admin. Each user now has their own
 * hash in the directory, managed over the API, every change an event naming who made it.
 */
class EveryPersonTheirOwnCredentialTest extends HttpTestSupport {

    private static final String SECRET = "a-long-secret-of-carols";

    private String newTherapist() {
        String userId = unique("carol");
        ResponseEntity<String> created = post(ADMIN, "/api/users", """
                {"userId":"%s","role":"THERAPIST","password":"%s"}""".formatted(userId, SECRET));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return userId;
    }

    private int statusAs(String user, String password) {
        return rest.withBasicAuth(user, password).postForEntity("/api/clients", json("{}"), String.class)
                .getStatusCode().value();
    }

    private HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    @Test
    void aNewUserSignsInWithTheirOwnPassword() {
        String userId = newTherapist();
        assertThat(statusAs(userId, SECRET)).as("authenticated, but a therapist may not register").isEqualTo(403);
        assertThat(statusAs(userId, "demo")).isEqualTo(401);
    }

    @Test
    void oneUsersPasswordOpensNoOtherAccount() {
        newTherapist();
        assertThat(statusAs(ADMIN, SECRET)).isEqualTo(401);
    }

    @Test
    void aChangedPasswordReplacesTheOldOneAtOnce() {
        String userId = newTherapist();
        assertThat(statusAs(userId, SECRET)).isEqualTo(403);
        ResponseEntity<String> changed = rest.withBasicAuth(userId, SECRET).postForEntity(
                "/api/users/" + userId + "/password", json("{\"password\":\"another-long-secret\"}"), String.class);
        assertThat(changed.getStatusCode().value()).as(changed.getBody()).isEqualTo(200);
        assertThat(statusAs(userId, SECRET)).isEqualTo(401);
        assertThat(statusAs(userId, "another-long-secret")).isEqualTo(403);
    }

    @Test
    void aDeactivatedUserIsRefusedOnTheNextRequest() {
        String userId = newTherapist();
        assertThat(statusAs(userId, SECRET)).isEqualTo(403);
        assertThat(post(ADMIN, "/api/users/" + userId + "/deactivation", """
                {"reason":"left the clinic"}""").getStatusCode().value()).isEqualTo(200);
        assertThat(statusAs(userId, SECRET)).isEqualTo(401);
    }

    @Test
    void grantingARoleIsAnEventNamingWhoGrantedIt() {
        String userId = newTherapist();
        assertThat(eventTypes("user:" + userId)).containsExactly("UserAccountCreated");
        assertThat(lastPayload("user:" + userId)).contains("\"role\":\"THERAPIST\"");
        assertThat(lastMetadata("user:" + userId)).contains("\"userId\":\"admin\"").contains("CLINIC_ADMIN");
    }

    @Test
    void neitherThePasswordNorItsHashIsInAnyEventOrIdempotencyRecord() {
        String userId = unique("carol");
        assertThat(post(ADMIN, "/api/users", """
                {"userId":"%s","role":"THERAPIST","password":"%s"}""".formatted(userId, SECRET), unique("key"))
                .getStatusCode().value()).isEqualTo(201);
        String hash = jdbc.queryForObject("SELECT password_hash FROM app_user WHERE user_id = ?", String.class, userId);
        assertThat(hash).startsWith("{bcrypt}");
        List<String> stored = jdbc.query("SELECT payload, meta_data FROM domain_event_entry", (rs, row) ->
                new String(rs.getBytes(1), StandardCharsets.UTF_8) + new String(rs.getBytes(2), StandardCharsets.UTF_8));
        stored.addAll(jdbc.queryForList("SELECT body FROM idempotency_key", String.class));
        assertThat(stored).noneMatch(text -> text.contains(SECRET) || text.contains(hash.substring(8)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"short-1", "carol-is-the-best-therapist",
            "0123456789012345678901234567890123456789012345678901234567890123456789012"})
    void aWeakOrTooLongPasswordIs400AndCreatesNobody(String password) {
        long before = eventCount();
        assertProblem(post(ADMIN, "/api/users", """
                {"userId":"carol","role":"THERAPIST","password":"%s"}""".formatted(password)), 400, "validation-error");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void onlyTheAdminAddsUsers() {
        assertProblem(post(THERAPIST_A, "/api/users", """
                {"userId":"mallory","role":"CLINIC_ADMIN","password":"%s"}""".formatted(SECRET)), 403, "forbidden");
        assertProblem(post("auditor", "/api/users", """
                {"userId":"mallory","role":"CLINIC_ADMIN","password":"%s"}""".formatted(SECRET)), 403, "forbidden");
    }

    @Test
    void aTherapistMayNotChangeAnotherUsersPassword() {
        String userId = newTherapist();
        assertProblem(post(THERAPIST_A, "/api/users/" + userId + "/password", """
                {"password":"taken-over-account"}"""), 403, "forbidden");
        assertThat(statusAs(userId, SECRET)).isEqualTo(403);
    }

    @Test
    void onlyTheAdminDeactivates() {
        String userId = newTherapist();
        assertProblem(post(THERAPIST_A, "/api/users/" + userId + "/deactivation", """
                {"reason":"rivalry"}"""), 403, "forbidden");
    }

    @Test
    void aTherapistFromTheDirectoryCanBeAssignedAndADeactivatedOneCannot() {
        String userId = newTherapist();
        String clientId = clientWithSciatica();
        assertThat(post(ADMIN, "/api/clients/" + clientId + "/therapists", """
                {"therapistId":"%s"}""".formatted(userId)).getStatusCode().value()).isEqualTo(200);
        post(ADMIN, "/api/users/" + userId + "/deactivation", """
                {"reason":"left the clinic"}""");
        assertProblem(post(ADMIN, "/api/clients/" + clearedClient() + "/therapists", """
                {"therapistId":"%s"}""".formatted(userId)), 400, "validation-error");
    }

    @Test
    void creatingAnExistingUserIs409() {
        String userId = newTherapist();
        assertProblem(post(ADMIN, "/api/users", """
                {"userId":"%s","role":"CLINIC_ADMIN","password":"%s"}""".formatted(userId, SECRET)),
                409, "already-exists");
    }
}
