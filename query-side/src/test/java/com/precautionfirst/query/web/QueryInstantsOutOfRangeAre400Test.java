package com.precautionfirst.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, point 6: {@code from=%2B300000-01-01} and {@code to=%2B999999999-12-31} on /api/precautions and
 * /api/access-log answered 500. Every instant or date a query takes is now between 1900-01-01 and 9999-12-31
 * (UTC), else 400 naming the parameter; the bounds themselves are accepted.
 */
class QueryInstantsOutOfRangeAre400Test extends QuerySideIntegrationTest {

    private static final List<String> OUT_OF_RANGE = List.of("+300000-01-01", "+999999999-12-31", "-300000-01-01",
            "1899-12-31", "+10000-01-01", "1899-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z");

    static Stream<Arguments> outOfRange() {
        List<Arguments> cases = new ArrayList<>();
        for (String value : OUT_OF_RANGE) {
            cases.add(Arguments.of("auditor", "/api/precautions", "from", value));
            cases.add(Arguments.of("auditor", "/api/precautions", "to", value));
            cases.add(Arguments.of("auditor", "/api/access-log", "from", value));
            cases.add(Arguments.of("auditor", "/api/access-log", "to", value));
            if (value.contains("T")) {
                cases.add(Arguments.of("admin", "/api/clients/maria/history", "asOf", value));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1}?{2}={3}")
    @MethodSource("outOfRange")
    void anInstantOutsideTheYears1900To9999Is400NamingTheParameter(String user, String path, String parameter,
                                                                    String value) {
        HttpResponse<String> response = get(user, path + "?" + parameter + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode errors = json(response.body()).path("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly(parameter);
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        for (String path : List.of("/api/precautions", "/api/access-log")) {
            assertThat(get("auditor", path + "?from=1900-01-01&to=9999-12-31").statusCode()).as(path).isEqualTo(200);
            assertThat(get("auditor", path + "?from=1900-01-01T00:00:00Z&to=9999-12-31T23:59:59Z").statusCode())
                    .as(path).isEqualTo(200);
        }
    }

    @Test
    void aTherapistIdLongerThanAnIdIs400() {
        HttpResponse<String> response = get("auditor", "/api/precautions?therapistId=" + "t".repeat(65));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response.body()).path("errors").findValuesAsText("field")).containsExactly("therapistId");
    }
}
