package com.precautionfirst.query.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decision 0055: the log's "already logged?" check (an IN-list over log_leaf) and the read of the batch's stored rows
 * are planned for their values at every batch on PostgreSQL. The JDBC driver prepares a statement on the server from
 * its fifth run, and the server then settles on a generic plan it keeps until the table's statistics change: made
 * while the log was small, that plan read all of log_leaf at every batch on a server without autovacuum, however
 * large the log grew (an EXPLAIN of it on 100k leaves is in the decision). {@code pg_prepared_statements} counts, for
 * the session, how often each prepared statement ran with a generic and with a custom plan.
 */
class ALogBatchIsPlannedForItsValuesOnPostgresTest {

    private static final int BATCHES = 20;

    private PostgresDatabase database;
    private LogOnADatabase db;

    @BeforeEach
    void open() throws Exception {
        database = new PostgresDatabase();
        database.create();
        db = new LogOnADatabase(database.url(), database.user(), database.password(), "postgresql");
    }

    @AfterEach
    void drop() throws Exception {
        db.close();
        database.drop();
    }

    @Test
    void noBatchRunsItsIdentifierListsWithAGenericPlan() {
        List<Map<String, Object>> plans = List.of();
        for (int batch = 0; batch < BATCHES; batch++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = "event-" + UUID.randomUUID();
                db.store(id, "client-" + batch, i, "{\"clientId\":\"client-" + batch + "\"}");
                ids.add(id);
            }
            // the plans of the session that ran the batch, read in its transaction, on its connection
            plans = new TransactionTemplate(db.transactions).execute(status -> {
                db.store.append(ids);
                return db.jdbc.queryForList("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
                        + " WHERE statement LIKE '%FROM log_leaf WHERE event_identifier IN%'"
                        + " OR statement LIKE '%FROM domain_event_entry WHERE event_identifier IN%'");
            });
        }

        assertThat(plans).as("both statements prepared on the server of the last batch's session").hasSize(2);
        for (Map<String, Object> statement : plans) {
            assertThat(((Number) statement.get("generic_plans")).longValue()).as("%s", statement.get("statement"))
                    .isZero();
            assertThat(((Number) statement.get("custom_plans")).longValue())
                    .as("%s: enough runs on the server for a generic plan to be chosen", statement.get("statement"))
                    .isGreaterThanOrEqualTo(6);
        }
        assertThat(db.store.size()).isEqualTo(3L * BATCHES);
    }
}
