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

/**
 * The real jars, started with the production profile without a secret of their own, stop instead of serving: the
 * command side without the first admin's password, the query side without the key its checkpoints are signed with
 * (it must never generate one into a database or a folder nobody chose).
 */
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

    @Test
    void theQuerySideDoesNotStartOnPostgresWithoutASigningKey() throws Exception {
        try (ServiceProcess process = ServiceProcess.start(Service.QUERY_SIDE, "refuses-no-signing-key",
                Map.of("TREATMENT_DB_URL", DB.url()), List.of("--spring.profiles.active=postgres"))) {
            assertThat(process.awaitExit(Duration.ofSeconds(120))).isNotZero();
            assertThat(process.logText()).contains("TREATMENT_SIGNING_KEY (treatment.signing.key-file) must name");
        }
    }
}
