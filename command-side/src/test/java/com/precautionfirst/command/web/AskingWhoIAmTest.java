package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /api/me} answers whom the credentials belong to (the dashboard's and any client's first question, and
 * the benchmark's HTTP floor); without credentials it is 401 like every other operation.
 */
class AskingWhoIAmTest extends HttpTestSupport {

    @Test
    void aTherapistIsToldTheirIdAndRoleAndNoInsurer() {
        JsonNode me = body(get(THERAPIST_A, "/api/me"));

        assertThat(me.path("userId").asText()).isEqualTo(THERAPIST_A);
        assertThat(me.path("role").asText()).isEqualTo("THERAPIST");
        assertThat(me.path("insurerId").isNull()).isTrue();
    }

    @Test
    void anInsurerIsToldTheInsurerTheDirectoryNamesForThem() {
        JsonNode me = body(get("insurer-x", "/api/me"));

        assertThat(me.path("userId").asText()).isEqualTo("insurer-x");
        assertThat(me.path("role").asText()).isEqualTo("INSURER");
        assertThat(me.path("insurerId").asText()).isEqualTo("INS-X");
    }

    @Test
    void withoutCredentialsItIs401AndWithAWrongPasswordToo() {
        ResponseEntity<String> anonymous = get(null, "/api/me");
        ResponseEntity<String> wrong = rest.withBasicAuth(THERAPIST_A, "not her password")
                .getForEntity("/api/me", String.class);

        assertProblem(anonymous, 401, "unauthenticated");
        assertProblem(wrong, 401, "unauthenticated");
    }
}
