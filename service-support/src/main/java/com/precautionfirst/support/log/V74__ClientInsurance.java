package com.precautionfirst.support.log;

import com.precautionfirst.verifier.InsuranceConsent;
import com.precautionfirst.verifier.LogEvent;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The logged insurance records (decision 0061, {@link ClientInsurance}): the table, and a row for every insurance
 * record logged before this ran, with the same code as every later append. Java rather than SQL because the consent
 * is read from the stored JSON payload by the verifier module's code, as for V72; the same on H2 and PostgreSQL,
 * whose protections are V75 (db/vendor/postgresql).
 */
@Component
public class V74__ClientInsurance extends LoggedEventsMigration<ClientInsurance> {

    static final List<String> SCHEMA = List.of(
            // One row per logged InsuranceRecorded of a client: the insurer it names (null when it names none a query
            // could ask for) and the consent. Rows are only ever added (V75 on PostgreSQL).
            """
            CREATE TABLE log_client_insurance (
                leaf_index BIGINT       NOT NULL PRIMARY KEY,
                client_id  VARCHAR(255) NOT NULL,
                insurer_id VARCHAR(255),
                consent    BOOLEAN      NOT NULL
            )""",
            // an insurer's rows, then whether a later row of the same client replaced them
            "CREATE INDEX ix_log_client_insurance_insurer ON log_client_insurance (insurer_id, client_id)",
            "CREATE INDEX ix_log_client_insurance_client ON log_client_insurance (client_id, leaf_index)");

    public V74__ClientInsurance() {
        super(SCHEMA, InsuranceConsent.INSURANCE_RECORDED);
    }

    @Override
    Optional<ClientInsurance> rowOf(LogEvent event, long leafIndex) {
        return ClientInsurance.of(event, leafIndex);
    }

    @Override
    void append(JdbcTemplate jdbc, List<ClientInsurance> rows) {
        ClientInsurance.append(jdbc, rows);
    }
}
