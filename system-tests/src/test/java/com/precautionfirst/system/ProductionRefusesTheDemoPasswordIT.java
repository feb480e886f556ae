package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real jar, started with the production profile and no admin password of its own, stops instead of serving. */
class ProductionRefusesTheDemoPasswordIT {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @Test
    void theCommandSideDoesNotStartOnPostgresWithoutAnAdminPassword() throws Exception {
        try (ServiceProcess process = ServiceProcess.start(Service.COMMAND_SIDE, "refuses-demo-password",
                Map.of("TREATMENT_DB_URL", DB.url()), List.of("--spring.profiles.active=postgres"))) {
            assertThat(process.awaitExit(Duration.ofSeconds(120))).isNotZero();
            assertThat(process.logText()).contains("needs TREATMENT_ADMIN_PASSWORD");
        }
    }
}
