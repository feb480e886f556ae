package com.precautionfirst.support.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.support.SupportTestApplication;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 12: per request and per message, Spring Security's observations, Axon's message monitors and Axon's handler
 * time limit took about a third of a command's CPU, and no one read what they produced. They are off in the
 * configuration both services share (decision 0051); the request meter, health and the other meters stay.
 */
@SpringBootTest(classes = SupportTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // as in production: tests otherwise leave the metrics out
class NoPerRequestObservationsTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("no-per-request-observations").toString();
        registry.add("treatment.data-dir", () -> dir);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObservationRegistry observations;
    @Autowired
    MeterRegistry meters;
    @Autowired
    org.axonframework.config.Configuration axon;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder passwords;

    @Test
    void springSecurityIsNotObservedButRequestsAre() {
        assertThat(Observation.start("spring.security.filterchains", observations).isNoop()).isTrue();
        assertThat(Observation.start("spring.security.authentications", observations).isNoop()).isTrue();
        assertThat(Observation.start("http.server.requests", observations).isNoop()).isFalse();

        jdbc.update("DELETE FROM app_user WHERE user_id = 'observed-admin'");
        jdbc.update("INSERT INTO app_user (user_id, role, active, password_hash) VALUES (?, 'CLINIC_ADMIN', TRUE, ?)",
                "observed-admin", passwords.encode("demo"));
        assertThat(http.withBasicAuth("observed-admin", "demo").getForEntity("/api/whoami", String.class)
                .getStatusCode().value()).isEqualTo(200);

        assertThat(meters.getMeters()).extracting(meter -> meter.getId().getName())
                .contains("http.server.requests")
                .noneMatch(name -> name.startsWith("spring.security"));
    }

    @Test
    void axonMonitorsNoMessageAndLimitsNoHandler() {
        assertThat(axon.messageMonitor(CommandBus.class, "commandBus")).isSameAs(NoOpMessageMonitor.INSTANCE);
        assertThat(axon.messageMonitor(EventStore.class, "eventStore")).isSameAs(NoOpMessageMonitor.INSTANCE);
        assertThat(context.getBeansOfType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
        assertThat(meters.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                .noneMatch(name -> name.startsWith("commandBus") || name.startsWith("eventStore"));
    }

    @Test
    void healthStillAnswers() {
        assertThat(http.getForEntity("/actuator/health", String.class).getBody()).contains("\"status\":\"UP\"");
    }
}
