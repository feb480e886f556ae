package com.precautionfirst.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Issue 10, point 3, on the query side: a body over 64 KiB is 413 before anything reads it. */
class OversizedBodiesAreRefusedOnTheQuerySideTest extends QuerySideIntegrationTest {

    @Test
    void aBodyOverTheLimitIs413ProblemJson() {
        HttpResponse<String> response = post("admin", "/api/admin/projections/rebuild",
                "{\"padding\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("/payload-too-large\"");
    }
}
