package com.precautionfirst.support.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.support.SupportTestApplication;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 10, point 8: the insurer read metrics and Prometheus data (request counts and timings per endpoint, the
 * projection lag). Both services use the one filter chain of service-support: metrics and Prometheus are for
 * CLINIC_ADMIN only, health stays open.
 */
@SpringBootTest(classes = SupportTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // tests leave out the Prometheus registry unless asked
class MetricsAreForTheAdminOnlyTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("metrics-admin-only").toString();
        registry.add("treatment.data-dir", () -> dir);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder passwords;

    @BeforeEach
    void directory() {
        jdbc.update("DELETE FROM app_user");
        String hash = passwords.encode("demo");
        for (String[] user : new String[][] {{"admin", "CLINIC_ADMIN", null}, {"therapist-a", "THERAPIST", null},
                {"auditor", "AUDITOR", null}, {"insurer-x", "INSURER", "INS-X"}}) {
            jdbc.update("INSERT INTO app_user (user_id, role, insurer_id, active, password_hash) VALUES (?, ?, ?, TRUE, ?)",
                    user[0], user[1], user[2], hash);
        }
    }

    @ParameterizedTest(name = "{1} reads {0}: 403")
    @CsvSource({
            "/actuator/metrics, insurer-x", "/actuator/metrics/http.server.requests, insurer-x",
            "/actuator/prometheus, insurer-x",
            "/actuator/metrics, therapist-a", "/actuator/prometheus, therapist-a",
            "/actuator/metrics, auditor", "/actuator/metrics/jvm.memory.used, auditor", "/actuator/prometheus, auditor"})
    void everyOtherRoleIsRefusedAndSeesNoMeasurement(String path, String user) {
        ResponseEntity<String> response = http.withBasicAuth(user, "demo").getForEntity(path, String.class);

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(403);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody()).doesNotContain("jvm", "http_server_requests", "\"names\"", "measurements");
    }

    @ParameterizedTest(name = "anonymous reads {0}: 401")
    @ValueSource(strings = {"/actuator/metrics", "/actuator/prometheus"})
    void anonymousCallersAreRefused(String path) {
        ResponseEntity<String> response = http.getForEntity(path, String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getBody()).doesNotContain("jvm");
    }

    @ParameterizedTest(name = "admin reads {0}")
    @ValueSource(strings = {"/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/prometheus"})
    void theAdminReadsThem(String path) {
        ResponseEntity<String> response = http.withBasicAuth("admin", "demo").getForEntity(path, String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).contains("jvm");
    }

    @Test
    void healthStaysOpen() {
        ResponseEntity<String> response = http.getForEntity("/actuator/health", String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"status\":\"UP\"");
    }
}
