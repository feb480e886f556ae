package com.precautionfirst.query.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.precautionfirst.query.export.Exporter;
import com.precautionfirst.query.export.InsuredClients;
import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.support.database.JavaMigrations;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.IncrementalTree;
import com.precautionfirst.verifier.InsuranceConsent;
import com.precautionfirst.verifier.Verdict;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.ErrorResponseException;

/**
 * Decision 0061: the clients of an insurer's export are those whose latest insurance record, among the events of the
 * checkpoint's tree, names the insurer with consent; read from the rows the log writes beside each insurance record
 * (V74), which V74 also writes for the records logged before it. Without a checkpoint of format v2, no export.
 */
class FindingTheClientsOfAnExportTest {

    LogOnADatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    static String insurance(String client, String insurer, String consent) {
        return "{\"clientId\":\"" + client + "\",\"insurerId\":\"" + insurer + "\",\"policyNumber\":\"P-1\","
                + "\"consentToShare\":" + consent + "}";
    }

    @Test
    void theLatestInsuranceRecordBelowTheTreeSizeDecides() {
        db = LogOnADatabase.h2();
        theLatestRecordDecides();
    }

    /** The same on PostgreSQL, where the rows are written and read through its own SQL dialect and types. */
    @Test
    void theLatestInsuranceRecordBelowTheTreeSizeDecidesOnPostgres() throws SQLException {
        PostgresDatabase database = new PostgresDatabase();
        database.create();
        try {
            db = new LogOnADatabase(database.url(), database.user(), database.password(), "postgresql");
            theLatestRecordDecides();
        } finally {
            db.close();
            db = null;
            database.drop();
        }
    }

    private void theLatestRecordDecides() {
        InsuredClients insured = new InsuredClients(db.jdbc);
        String record = InsuranceConsent.INSURANCE_RECORDED;
        db.event("ann", record, insurance("ann", "INS-A", "true"));      // leaf 0
        db.event("bob", record, insurance("bob", "INS-A", "true"));      // 1
        db.event("cy", record, insurance("cy", "INS-A", "false"));       // 2: no consent
        db.event("ann", "{\"clientId\":\"ann\",\"note\":1}");            // 3: another event of ann
        db.event("bob", record, insurance("bob", "INS-A", "false"));     // 4: bob withdraws
        db.event("ann", record, insurance("ann", "INS-B", "true"));      // 5: ann moves to INS-B
        db.event("cy", record, insurance("cy", "INS-A", "true"));        // 6: cy consents
        db.event("dan", record, insurance("dan", "INS-A", "\"true\""));  // 7: a string is no consent
        db.event("eve", "{\"clientId\":\"eve\",\"insurerId\":\"INS-A\",\"consentToShare\":true}"); // 8: not insurance

        assertThat(insured.consenting("INS-A", 1)).containsExactly("ann");
        assertThat(insured.consenting("INS-A", 4)).containsExactly("ann", "bob");
        assertThat(insured.consenting("INS-A", 5)).containsExactly("ann");
        assertThat(insured.consenting("INS-A", 6)).isEmpty();
        assertThat(insured.consenting("INS-B", 6)).containsExactly("ann");
        assertThat(insured.consenting("INS-A", 9)).containsExactly("cy");
        assertThat(insured.consenting("INS-C", 9)).isEmpty();
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM log_client_insurance", Integer.class)).isEqualTo(7);
    }

    /** A log written before V72 and V74: its insurance records are found as if logged with the rows. */
    @Test
    void insuranceRecordsLoggedBeforeTheTableExistedAreFoundToo() {
        String url = LogOnADatabase.h2Url();
        DriverManagerDataSource before = new DriverManagerDataSource(url, "sa", "");
        Flyway.configure().dataSource(before).locations("classpath:db/migration", "classpath:db/vendor/h2")
                .javaMigrations(JavaMigrations.all()).target("67").load().migrate();
        JdbcTemplate old = new JdbcTemplate(before);
        IncrementalTree tree = new IncrementalTree();
        String[][] events = {{"ann", insurance("ann", "INS-A", "true")}, {"bob", insurance("bob", "INS-A", "true")},
                {"ann", insurance("ann", "INS-A", "false")}};
        for (int i = 0; i < events.length; i++) {
            LogOnADatabase.storeAndLogAsBefore(old, tree, events[i][0], i, "old-" + i,
                    InsuranceConsent.INSURANCE_RECORDED, events[i][1]);
        }

        db = new LogOnADatabase(url, "sa", "", "h2");
        InsuredClients insured = new InsuredClients(db.jdbc);
        assertThat(insured.consenting("INS-A", 2)).containsExactly("ann", "bob");
        assertThat(insured.consenting("INS-A", 3)).containsExactly("bob");
        db.event("cy", InsuranceConsent.INSURANCE_RECORDED, insurance("cy", "INS-A", "true"));
        Checkpoint checkpoint = db.checkpoint();
        assertThat(insured.consenting("INS-A", checkpoint.treeSize())).containsExactly("bob", "cy");
        assertThat(db.verify()).isEqualTo(Verdict.ok());
    }

    @Test
    void noExportIsMadeBeforeACheckpointOfFormatV2() {
        db = LogOnADatabase.h2();
        db.event("ann", InsuranceConsent.INSURANCE_RECORDED, insurance("ann", "INS-A", "true"));
        Exporter exporter = new Exporter(db.checkpoints, new InsuredClients(db.jdbc), db.chains, db.store,
                new SessionRepository(db.jdbc), Clock.systemUTC());
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        Instant to = Instant.parse("2026-12-01T00:00:00Z");

        assertThatThrownBy(() -> exporter.plan("INS-A", from, to)).isInstanceOfSatisfying(
                ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getBody().getType().toString()).endsWith("/no-checkpoint-yet");
                });
        Checkpoint checkpoint = db.checkpoint();
        assertThat(exporter.plan("INS-A", from, to).checkpoint()).isEqualTo(checkpoint);
        assertThat(exporter.plan("INS-A", from, to).clientIds()).containsExactly("ann");
    }
}
