package com.precautionfirst.support.log;

import com.precautionfirst.verifier.InsuranceConsent;
import com.precautionfirst.verifier.LogEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * The logged insurance records (decision 0061, {@link ClientInsurance}): the table, and a row for every insurance
 * record logged before this ran, with the same code as every later append. Java rather than SQL because the consent
 * is read from the stored JSON payload by the verifier module's code, as for V72; the same on H2 and PostgreSQL,
 * whose protections are V75 (db/vendor/postgresql).
 */
@Component
public class V74__ClientInsurance extends BaseJavaMigration {

    private static final int BATCH = 1000;

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

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            for (String statement : SCHEMA) {
                ddl.execute(statement);
            }
        }
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        List<ClientInsurance> batch = new ArrayList<>();
        try (PreparedStatement leaves = connection.prepareStatement("SELECT l.leaf_index, e.event_identifier, "
                + "e.type, e.aggregate_identifier, e.sequence_number, e.time_stamp, e.payload_type, "
                + "e.payload_revision, e.payload, e.meta_data FROM log_leaf l "
                + "JOIN domain_event_entry e ON e.event_identifier = l.event_identifier WHERE e.payload_type = ? "
                + "ORDER BY l.leaf_index")) {
            leaves.setFetchSize(BATCH);
            leaves.setString(1, InsuranceConsent.INSURANCE_RECORDED);
            try (ResultSet rs = leaves.executeQuery()) {
                while (rs.next()) {
                    LogEvent event = new LogEvent(rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
                    ClientInsurance.of(event, rs.getLong(1)).ifPresent(batch::add);
                    if (batch.size() == BATCH) {
                        ClientInsurance.append(jdbc, batch);
                        batch.clear();
                    }
                }
            }
        }
        ClientInsurance.append(jdbc, batch);
    }
}
