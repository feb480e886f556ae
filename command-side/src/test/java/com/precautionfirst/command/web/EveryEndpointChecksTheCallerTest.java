package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command endpoint: 401 without credentials, 403 for the auditor and the insurer, nothing appended. */
class EveryEndpointChecksTheCallerTest extends HttpTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"/api/clients", "/api/clients/c/conditions", "/api/clients/c/conditions/x/resolution",
            "/api/clients/c/clearances", "/api/clients/c/clearances/x/revocation", "/api/clients/c/therapists",
            "/api/clients/c/insurance", "/api/sessions", "/api/sessions/s/pressure", "/api/sessions/s/techniques",
            "/api/sessions/s/responses", "/api/sessions/s/end", "/api/sessions/s/early-stop",
            "/api/sessions/s/amendments"})
    void anonymousIs401AuditorAndInsurerAre403(String path) {
        long before = eventCount();
        assertProblem(post(null, path, "{}"), 401, "unauthenticated");
        assertProblem(post("auditor", path, "{}"), 403, "forbidden");
        assertProblem(post("insurer-x", path, "{}"), 403, "forbidden");
        assertThat(post(ADMIN, path, "{}").getStatusCode().value()).isNotIn(401, 403);
        assertThat(eventCount()).isEqualTo(before);
    }
}
