package com.precautionfirst.support.log;

import com.precautionfirst.verifier.LogEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A migration that creates tables the signed log writes beside its leaves, then fills them for the events logged
 * before it ran, in log order, with the same code as every later append: {@link #rowOf} derives a row from a logged
 * event, {@link #append} writes a batch of them.
 *
 * @param <R> a row of the new tables
 */
abstract class LoggedEventsMigration<R> extends BaseJavaMigration {

    private static final int BATCH = 1000;

    private final List<String> schema;
    private final String payloadType;

    /** {@code payloadType}: only the logged events of this type, or null for every logged event. */
    LoggedEventsMigration(List<String> schema, String payloadType) {
        this.schema = schema;
        this.payloadType = payloadType;
    }

    abstract Optional<R> rowOf(LogEvent event, long leafIndex);

    abstract void append(JdbcTemplate jdbc, List<R> rows);

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            for (String statement : schema) {
                ddl.execute(statement);
            }
        }
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        List<R> batch = new ArrayList<>();
        try (PreparedStatement leaves = connection.prepareStatement("SELECT l.leaf_index, e.event_identifier, "
                + "e.type, e.aggregate_identifier, e.sequence_number, e.time_stamp, e.payload_type, "
                + "e.payload_revision, e.payload, e.meta_data FROM log_leaf l "
                + "JOIN domain_event_entry e ON e.event_identifier = l.event_identifier"
                + (payloadType == null ? "" : " WHERE e.payload_type = ?") + " ORDER BY l.leaf_index")) {
            leaves.setFetchSize(BATCH);
            if (payloadType != null) {
                leaves.setString(1, payloadType);
            }
            try (ResultSet rs = leaves.executeQuery()) {
                while (rs.next()) {
                    LogEvent event = new LogEvent(rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
                    rowOf(event, rs.getLong(1)).ifPresent(batch::add);
                    if (batch.size() == BATCH) {
                        append(jdbc, batch);
                        batch.clear();
                    }
                }
            }
        }
        append(jdbc, batch);
    }
}
