package com.precautionfirst.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.history.ClientHistoryRepository;
import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.query.users.UserList;
import com.precautionfirst.support.access.V54__ChainExistingAccessLogEntries;
import com.precautionfirst.support.log.V72__ClientChains;
import com.precautionfirst.support.log.V74__ClientInsurance;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V69 (decision 0056) on a database whose projections were written before generations existed: every row becomes
 * generation 0, which is active, so the queries answer exactly as before and nothing needs replaying (the
 * processors' tokens stay). On H2 and PostgreSQL.
 */
class TheStoredProjectionsBecomeTheActiveGenerationTest {

    @RegisterExtension
    static final PostgresDatabase POSTGRES = new PostgresDatabase();

    @Test
    void onH2() {
        migratesTheStoredRows("jdbc:h2:mem:generations-" + UUID.randomUUID() + ";MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", "h2");
    }

    @Test
    void onPostgres() {
        migratesTheStoredRows(POSTGRES.url(), POSTGRES.user(), POSTGRES.password(), "postgresql");
    }

    private void migratesTheStoredRows(String url, String user, String password, String vendor) {
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(url);
            dataSource.setUsername(user);
            dataSource.setPassword(password);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            migrate(dataSource, vendor, "67");
            jdbc.update("INSERT INTO client_history (client_id, document, last_position) VALUES (?, ?, ?)",
                    "maria", bytes("{\"clientId\":\"maria\"}"), 7L);
            jdbc.update("INSERT INTO session_view (session_id, client_id, therapist_id, started_at_micros, "
                            + "start_position, status, overall, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    "maria-s2", "maria", "therapist-a", 2L, 20L, "ENDED", "FLAGGED", bytes("{\"sessionId\":\"s2\"}"));
            jdbc.update("INSERT INTO session_view (session_id, client_id, therapist_id, started_at_micros, "
                            + "start_position, status, overall, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    "maria-s1", "maria", "therapist-a", 1L, 10L, "ENDED", "PRECAUTIONS_MET",
                    bytes("{\"sessionId\":\"s1\"}"));
            jdbc.update("INSERT INTO user_view (user_id, role, insurer_id, active, created_at, created_by) "
                    + "VALUES ('uma', 'THERAPIST', NULL, TRUE, ?, 'admin')", Timestamp.from(Instant.EPOCH));
            jdbc.update("INSERT INTO token_entry (processor_name, segment, token, token_type) "
                    + "VALUES ('history', 0, NULL, NULL)");

            migrate(dataSource, vendor, "latest");

            assertThat(jdbc.queryForList("SELECT active, rebuilding, target_position FROM projection_generation"))
                    .singleElement().satisfies(row -> {
                        assertThat(((Number) row.get("active")).longValue()).isZero();
                        assertThat(row.get("rebuilding")).isNull();
                        assertThat(row.get("target_position")).isNull();
                    });
            assertThat(new ClientHistoryRepository(jdbc).history("maria")).hasValueSatisfying(history ->
                    assertThat(new String(history, StandardCharsets.UTF_8)).isEqualTo(
                            "{\"clientId\":\"maria\",\"sessions\":[{\"sessionId\":\"s1\"},{\"sessionId\":\"s2\"}]}"));
            SessionRepository sessions = new SessionRepository(jdbc);
            assertThat(sessions.clientOf("maria-s2")).contains("maria");
            assertThat(sessions.sessionIdsOf("maria")).containsExactly("maria-s1", "maria-s2");
            assertThat(new UserList(jdbc).all()).singleElement()
                    .satisfies(u -> assertThat(u.userId()).isEqualTo("uma"));
            assertThat(jdbc.queryForObject("SELECT last_position FROM client_history WHERE generation = 0 "
                    + "AND client_id = 'maria'", Long.class)).isEqualTo(7);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_entry WHERE processor_name = 'history'",
                    Integer.class)).as("nothing to replay").isEqualTo(1);
        }
    }

    private static void migrate(HikariDataSource dataSource, String vendor, String target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .javaMigrations(new V54__ChainExistingAccessLogEntries(), new V72__ClientChains(),
                        new V74__ClientInsurance()).target(target).load().migrate();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
