package com.precautionfirst.support.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.PostgresDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database whose access log was written before the chain existed (schema up to V51): the migration chains its
 * entries in the order they were written, and later appends continue that chain. On H2 and PostgreSQL, which must
 * hash alike.
 */
class ChainingTheEntriesWrittenBeforeTheChainTest {

    @RegisterExtension
    static final PostgresDatabase POSTGRES = new PostgresDatabase();

    @Test
    void onH2() {
        chainsTheOldEntries(AccessLogOnADatabase.newH2Url(), "sa", "");
    }

    @Test
    void onPostgres() {
        chainsTheOldEntries(POSTGRES.url(), POSTGRES.user(), POSTGRES.password());
    }

    private void chainsTheOldEntries(String url, String user, String password) {
        try (AccessLogOnADatabase db = new AccessLogOnADatabase(url, user, password)) {
            db.migrate("51");
            for (int i = 0; i < 5; i++) {
                db.jdbc.update("INSERT INTO access_log (read_at_micros, user_id, role, client_id, endpoint, outcome) "
                                + "VALUES (?, 'auditor', 'AUDITOR', ?, ?, 'ALLOWED')", 1_700_000_000_000_000L + i,
                        i == 3 ? null : "maria-" + i, "GET /api/clients/maria-" + i + "/history?note=\"quoted\" \u00e9");
            }

            db.migrate();

            assertThat(db.verification.verify()).isEqualTo(new AccessLogVerification.Result(true, 5, List.of()));
            assertThat(db.jdbc.queryForList("SELECT client_id FROM access_log ORDER BY chain_position", String.class))
                    .containsExactly("maria-0", "maria-1", "maria-2", null, "maria-4");
            db.log.append(new Access("admin", "CLINIC_ADMIN", "maria-5", null, "GET /api/clients/maria-5/history",
                    Outcome.NOT_FOUND));
            assertThat(db.verification.verify()).isEqualTo(new AccessLogVerification.Result(true, 6, List.of()));
            assertThat(db.jdbc.queryForObject("SELECT chain_position FROM access_log WHERE client_id = 'maria-5'",
                    Long.class)).isEqualTo(6);
        }
    }
}
