package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class CommandApiIsDocumentedTest extends HttpTestSupport {

    @Test
    void theOpenApiDocumentListsEveryCommandEndpoint() {
        ResponseEntity<String> docs = rest.getForEntity("/v3/api-docs", String.class);
        assertThat(docs.getStatusCode().value()).isEqualTo(200);
        assertThat(docs.getBody()).contains("\"/api/clients\"", "\"/api/clients/{clientId}/conditions\"",
                "\"/api/clients/{clientId}/conditions/{conditionId}/resolution\"",
                "\"/api/clients/{clientId}/clearances\"",
                "\"/api/clients/{clientId}/clearances/{clearanceId}/revocation\"",
                "\"/api/clients/{clientId}/therapists\"", "\"/api/clients/{clientId}/insurance\"",
                "\"/api/sessions\"", "\"/api/sessions/{sessionId}/pressure\"",
                "\"/api/sessions/{sessionId}/techniques\"", "\"/api/sessions/{sessionId}/responses\"",
                "\"/api/sessions/{sessionId}/end\"", "\"/api/sessions/{sessionId}/early-stop\"",
                "\"/api/sessions/{sessionId}/amendments\"");
    }

    @Test
    void everyCommandTakesAnOptionalIdempotencyKeyOf1To200Characters() {
        JsonNode paths = body(rest.getForEntity("/v3/api-docs", String.class)).path("paths");
        paths.fields().forEachRemaining(path -> {
            if (path.getValue().path("post").isMissingNode()) {
                return;
            }
            JsonNode key = null;
            for (JsonNode parameter : path.getValue().path("post").path("parameters")) {
                if (parameter.path("name").asText().equals("Idempotency-Key")) {
                    key = parameter;
                }
            }
            assertThat(key).as(path.getKey()).isNotNull();
            assertThat(key.path("in").asText()).isEqualTo("header");
            assertThat(key.path("required").asBoolean()).isFalse();
            assertThat(key.path("schema").path("minLength").asInt()).isEqualTo(1);
            assertThat(key.path("schema").path("maxLength").asInt()).isEqualTo(200);
        });
    }
}
