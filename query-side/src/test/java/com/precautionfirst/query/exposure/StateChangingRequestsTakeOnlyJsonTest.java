package com.precautionfirst.query.exposure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.precautionfirst.query.QuerySideIntegrationTest;
import com.precautionfirst.query.rebuild.ProjectionRebuild;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Issue 10, point 8: the rebuild endpoint accepted a cross-site {@code text/plain} or form POST, which a browser
 * sends from any page without asking. State-changing requests now take only {@code application/json} (which a
 * foreign page cannot send without a CORS preflight): anything else is 415 problem+json and does nothing, the media
 * types an export is verified in (text/csv, application/fhir+json) included.
 */
class StateChangingRequestsTakeOnlyJsonTest extends QuerySideIntegrationTest {

    @MockitoSpyBean
    ProjectionRebuild rebuild;

    @BeforeEach
    void forget() {
        clearInvocations(rebuild);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "text/plain                        | x",
            "text/plain;charset=UTF-8          | {}",
            "application/x-www-form-urlencoded | a=b",
            "multipart/form-data; boundary=b   | --b--",
            "text/csv                          | a,b",
            "application/fhir+json             | {}",
            "none                              | ''"})
    void aRebuildSentAsAnythingButJsonIs415AndRebuildsNothing(String contentType, String body) {
        HttpResponse<String> response = post("admin", "/api/admin/projections/rebuild", contentType, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("unsupported-media-type");
        verify(rebuild, never()).rebuild();
    }

    @Test
    void aRebuildSentAsJsonIsAccepted() {
        HttpResponse<String> response = post("admin", "/api/admin/projections/rebuild", "application/json", "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        verify(rebuild, times(1)).rebuild();
        awaitRebuild(json(response.body()).path("targetPosition").asText());
    }

    @Test
    void anAnonymousCallerIsStill401() {
        assertThat(post(null, "/api/admin/projections/rebuild", "text/plain", "x").statusCode()).isEqualTo(401);
        verify(rebuild, never()).rebuild();
    }
}
