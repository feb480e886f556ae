package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issue 10, point 6: {@code GET /error} answered 500 with status 999. Asked for directly it is now 404
 * problem+json; errors the container forwards to it (a URL the firewall rejects) stay problem+json too.
 */
class ErrorPathIsNotA500Test extends HttpTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/html", "*/*"})
    void getErrorIs404ProblemJsonWhateverTheCallerAccepts(String accept) {
        for (String user : new String[] {null, ADMIN}) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.ACCEPT, accept);
            ResponseEntity<String> response = (user == null ? rest : rest.withBasicAuth(user, PASSWORD))
                    .exchange("/error", HttpMethod.GET, new HttpEntity<>(headers), String.class);
            assertProblem(response, 404, "not-found");
        }
    }

    @Test
    void theErrorPathIsNoPartOfTheApiDocument() {
        assertThat(rest.getForEntity("/v3/api-docs", String.class).getBody()).contains("/api/clients")
                .doesNotContain("\"/error\"");
    }

    @Test
    void aRequestTheFirewallRejectsIs400ProblemJson() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = rest.withBasicAuth(ADMIN, PASSWORD)
                .exchange("/api/clients/a;b/conditions", HttpMethod.POST, new HttpEntity<>("{}", headers),
                        String.class);
        assertProblem(response, 400, "bad-request");
    }
}
