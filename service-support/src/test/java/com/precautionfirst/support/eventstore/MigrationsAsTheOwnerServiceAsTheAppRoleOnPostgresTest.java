package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.support.SupportTestApplication;
import com.precautionfirst.testsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The deployment of decision 0041 on the postgres profile: the application role is created on the empty database
 * ({@code docker/app-role.sql}), then a service starts with {@code TREATMENT_DB_USER} that role and
 * {@code TREATMENT_DB_MIGRATION_USER} the owner. Spring Boot runs Flyway as the owner (the app role may not even
 * create tables) and everything else as the app role, which is granted the tables the migrations create.
 */
class MigrationsAsTheOwnerServiceAsTheAppRoleOnPostgresTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    static final AppRoleScript APP = new AppRoleScript();

    @BeforeAll
    static void createTheRoleBeforeTheFirstStart() throws Exception {
        APP.runOn(DB);
    }

    @AfterAll
    static void dropTheRole() throws Exception {
        APP.drop(DB);
    }

    @Test
    void flywayMigratesAsTheOwnerAndTheServiceWorksAsTheAppRole() {
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(SupportTestApplication.class).run(
                "--server.port=0", "--spring.profiles.active=postgres", "--TREATMENT_DB_URL=" + DB.url(),
                "--TREATMENT_DB_USER=" + APP.role, "--TREATMENT_DB_PASSWORD=" + APP.password,
                "--TREATMENT_DB_MIGRATION_USER=" + DB.user(), "--TREATMENT_DB_MIGRATION_PASSWORD=" + DB.password())) {
            JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);

            assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(APP.role);
            assertThat(jdbc.queryForList("SELECT DISTINCT installed_by FROM flyway_schema_history", String.class))
                    .containsExactly(DB.user());
            assertThat(jdbc.queryForObject("SELECT MAX(version::int) FROM flyway_schema_history", Integer.class))
                    .isGreaterThanOrEqualTo(57);
            assertThat(jdbc.queryForObject("SELECT tableowner FROM pg_tables WHERE tablename = 'domain_event_entry'",
                    String.class)).isEqualTo(DB.user());
            // granted what the migrations created after the script ran (its default privileges)
            assertThat(jdbc.update("UPDATE access_log_head SET last_position = last_position WHERE id = 1"))
                    .isEqualTo(1);
        }
    }
}
