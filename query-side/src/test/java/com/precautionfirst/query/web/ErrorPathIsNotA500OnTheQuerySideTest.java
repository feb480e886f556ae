package com.precautionfirst.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Issue 10, point 6, on the query side: {@code GET /error} answered 500 with status 999. */
class ErrorPathIsNotA500OnTheQuerySideTest extends QuerySideIntegrationTest {

    @Test
    void getErrorIs404ProblemJson() {
        for (String user : new String[] {null, "auditor"}) {
            HttpResponse<String> response = get(user, "/error");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/problem+json");
            assertThat(response.body()).contains("/not-found\"");
        }
    }
}
