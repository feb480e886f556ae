package com.precautionfirst.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A large backlog of real events committed at once, for a query side to work off: the events of template streams
 * the command side wrote (a client and its sessions, every id in them starting with one prefix) copied as many times
 * as needed with their ids changed, by one {@code INSERT ... SELECT} on PostgreSQL. Each copy is a client of its own
 * with the same story, so the projections do the work they do for real clients; the global index is a block reserved
 * from the store's sequence, each copy's events consecutive and in the template's order.
 */
public final class EventBacklog {

    private static final String INSERT = """
            WITH template AS (
                SELECT row_number() OVER (ORDER BY global_index) - 1 AS position, aggregate_identifier,
                       sequence_number, type, meta_data, convert_from(payload, 'UTF8') AS payload, payload_revision,
                       payload_type, time_stamp
                FROM domain_event_entry WHERE aggregate_identifier LIKE ? || '%'
            )
            INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                                            event_identifier, meta_data, payload, payload_revision, payload_type,
                                            time_stamp)
            SELECT ? + copy * ? + t.position, replace(t.aggregate_identifier, ?, ? || copy || '-'),
                   t.sequence_number, t.type, gen_random_uuid()::text,
                   CASE WHEN ? = 0 THEN t.meta_data ELSE convert_to((convert_from(t.meta_data, 'UTF8')::jsonb
                       || jsonb_build_object('padding', repeat('x', ?)))::text, 'UTF8') END,
                   convert_to(replace(t.payload, '"' || ?, '"' || ? || copy || '-'), 'UTF8'), t.payload_revision,
                   t.payload_type, t.time_stamp
            FROM generate_series(0, ? - 1) AS copy CROSS JOIN template AS t
            ORDER BY copy, t.position
            """;

    private EventBacklog() {
    }

    /**
     * Copies the streams whose ids start with {@code templatePrefix} until at least {@code events} events were
     * added, in one transaction; copy {@code n}'s ids start with {@code copyPrefix + n + "-"} instead. Ids in the
     * payloads are replaced where a JSON string starts with the prefix, so no other text may start with it.
     * {@code metadataPadding} characters (0: none) are added to each event's metadata under {@code padding}, to make
     * the events weigh in memory what more of them would: no handler reads that key.
     *
     * @return how many copies and events were added (whole copies: up to one template's worth more than asked)
     */
    public static Copies copy(Connection connection, String templatePrefix, String copyPrefix, long events,
                              int metadataPadding) throws SQLException {
        long perCopy = count(connection, templatePrefix);
        if (perCopy == 0) {
            throw new IllegalArgumentException("no stream starts with " + templatePrefix);
        }
        long copies = (events + perCopy - 1) / perCopy;
        long total = copies * perCopy;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            long first = single(statement, "SELECT nextval('domain_event_global_index_seq')");
            single(statement, "SELECT setval('domain_event_global_index_seq', " + (first + total - 1) + ")");
            insert.setString(1, templatePrefix);
            insert.setLong(2, first);
            insert.setLong(3, perCopy);
            insert.setString(4, templatePrefix);
            insert.setString(5, copyPrefix);
            insert.setInt(6, metadataPadding);
            insert.setInt(7, metadataPadding);
            insert.setString(8, templatePrefix);
            insert.setString(9, copyPrefix);
            insert.setLong(10, copies);
            insert.executeUpdate();
            connection.commit();
            return new Copies(copies, total);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Copy {@code n} (0 to {@code copies - 1}) has the ids of the template with its prefix replaced. */
    public record Copies(long copies, long events) {
    }

    private static long count(Connection connection, String prefix) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ? || '%'")) {
            count.setString(1, prefix);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
