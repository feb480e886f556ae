package com.precautionfirst.query.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Reads the shared event store's table directly, read-only: the audit chain must hash what is stored, byte for
 * byte (not a re-serialization of the deserialized event), and global positions are not part of the events that
 * Axon's {@code readEvents} returns.
 */
@Component
public class EventStoreRows {

    private static final String COLUMNS = "global_index, aggregate_identifier, sequence_number, type, "
            + "event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp";
    private static final RowMapper<StoredEvent> ROW = (rs, i) -> row(rs, 1);

    /** {@link #COLUMNS} of the table aliased as {@code alias}, for a join. */
    public static String columnsOf(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    /** The event of a row whose {@link #COLUMNS} start at column {@code first}. */
    public static StoredEvent row(ResultSet rs, int first) throws SQLException {
        return new StoredEvent(rs.getLong(first), rs.getString(first + 1), rs.getLong(first + 2),
                rs.getString(first + 3), rs.getString(first + 4), rs.getString(first + 5), rs.getString(first + 6),
                rs.getBytes(first + 7), rs.getBytes(first + 8), rs.getString(first + 9));
    }

    private final JdbcTemplate jdbc;

    public EventStoreRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored rows of these events, by event identifier (an event not in the store is absent). */
    public Map<String, StoredEvent> byIdentifiers(Collection<String> eventIdentifiers) {
        Map<String, StoredEvent> found = new HashMap<>();
        if (!eventIdentifiers.isEmpty()) {
            jdbc.query("SELECT " + COLUMNS + " FROM domain_event_entry WHERE event_identifier IN ("
                    + placeholders(eventIdentifiers.size()) + ")", ROW, eventIdentifiers.toArray())
                    .forEach(event -> found.put(event.eventIdentifier(), event));
        }
        return found;
    }

    /** Every event of the given streams up to a global position, in commit (global index) order. */
    public List<StoredEvent> ofStreams(Collection<String> streamIds, long upToPosition) {
        if (streamIds.isEmpty()) {
            return List.of();
        }
        Object[] args = streamIds.toArray(new Object[streamIds.size() + 1]);
        args[streamIds.size()] = upToPosition;
        return jdbc.query("SELECT " + COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier IN ("
                + placeholders(streamIds.size()) + ") AND global_index <= ? ORDER BY global_index", ROW, args);
    }

    /** The global position of each event of the given streams, by event identifier. */
    public Map<String, Long> positionsOf(Collection<String> streamIds) {
        Map<String, Long> positions = new HashMap<>();
        if (streamIds.isEmpty()) {
            return positions;
        }
        jdbc.query("SELECT event_identifier, global_index FROM domain_event_entry WHERE aggregate_identifier IN ("
                        + placeholders(streamIds.size()) + ")",
                rs -> {
                    positions.put(rs.getString(1), rs.getLong(2));
                }, streamIds.toArray());
        return positions;
    }

    /** The newest global position in the store, or -1 when it is empty. */
    public long headPosition() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    private static String placeholders(int count) {
        return java.util.Collections.nCopies(count, "?").stream().collect(Collectors.joining(", "));
    }
}
