package com.precautionfirst.support.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Chains the access-log entries written before the chain existed (V23..V52), once, in the order they were written
 * (id order), with the same hash code as every later append, and points the head at the last of them. Java rather
 * than SQL so that H2 and PostgreSQL hash exactly the same canonical entry. A Flyway migration (Spring Boot hands
 * Flyway every JavaMigration bean) rather than a backfill at startup: a row without a hash after this ran was not
 * written by the application, and the verification must report it, not chain it.
 */
@Component
public class V54__ChainExistingAccessLogEntries extends BaseJavaMigration {

    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        long position = 0;
        String previous = AccessLogChain.GENESIS;
        try (Statement rows = connection.createStatement();
             PreparedStatement chain = connection.prepareStatement(
                     "UPDATE access_log SET chain_position = ?, previous_hash = ?, hash = ? WHERE id = ?")) {
            rows.setFetchSize(BATCH);
            try (ResultSet rs = rows.executeQuery("SELECT id, read_at_micros, user_id, role, client_id, endpoint, "
                    + "outcome FROM access_log ORDER BY id")) {
                while (rs.next()) {
                    position++;
                    Instant at = AccessLogChain.instant(rs.getLong(2));
                    AccessLog.Entry entry = new AccessLog.Entry(position, at, rs.getString(3), rs.getString(4),
                            rs.getString(5), null, rs.getString(6), rs.getString(7), previous, null);
                    String hash = AccessLogChain.hash(previous, entry);
                    chain.setLong(1, position);
                    chain.setString(2, previous);
                    chain.setString(3, hash);
                    chain.setLong(4, rs.getLong(1));
                    chain.addBatch();
                    if (position % BATCH == 0) {
                        chain.executeBatch();
                    }
                    previous = hash;
                }
            }
            chain.executeBatch();
        }
        try (PreparedStatement head = connection.prepareStatement(
                "UPDATE access_log_head SET last_position = ?, last_hash = ? WHERE id = 1")) {
            head.setLong(1, position);
            head.setString(2, previous);
            head.executeUpdate();
        }
    }
}
