package com.precautionfirst.support.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.support.SupportTestApplication;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 10, point 8: Swagger UI and the API document were open without login on the {@code postgres} profile. They
 * are off there unless {@code TREATMENT_API_DOCS=true}, and stay on by default on the embedded default.
 */
class ApiDocumentsOnlyWhereSwitchedOnTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @TempDir
    static Path dataDir;

    static Stream<Arguments> configurations() {
        List<String> postgres = List.of("--spring.profiles.active=postgres", "--TREATMENT_DB_URL=" + DB.url(),
                "--TREATMENT_DB_USER=" + DB.user());
        return Stream.of(
                Arguments.of("embedded default", List.of("--treatment.data-dir=" + dataDir), 200),
                Arguments.of("embedded default, TREATMENT_API_DOCS=false",
                        List.of("--treatment.data-dir=" + dataDir, "--TREATMENT_API_DOCS=false"), 404),
                Arguments.of("postgres", postgres, 404),
                Arguments.of("postgres, TREATMENT_API_DOCS=true",
                        Stream.concat(postgres.stream(), Stream.of("--TREATMENT_API_DOCS=true")).toList(), 200));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("configurations")
    void theApiDocumentAndSwaggerUi(String configuration, List<String> arguments, int expected) throws Exception {
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(SupportTestApplication.class)
                .run(Stream.concat(Stream.of("--server.port=0"), arguments.stream()).toArray(String[]::new))) {
            String base = "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/v3/api-docs", "/swagger-ui/index.html")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as(path).isEqualTo(expected);
                if (expected == 404) {
                    assertThat(response.body()).as(path).doesNotContain("\"openapi\"", "<html");
                }
            }
        }
    }
}
