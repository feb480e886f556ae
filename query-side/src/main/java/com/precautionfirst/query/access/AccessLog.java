package com.precautionfirst.query.access;

import com.precautionfirst.support.time.EpochMicros;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Who read which client's record, when, through which endpoint, and whether the read was allowed. A query-side
 * table written on read, not events: a read decides nothing about the treatment record.
 */
@Repository
public class AccessLog {

    private final JdbcTemplate jdbc;

    public AccessLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Instant at, String userId, String role, String clientId, String endpoint, Outcome outcome) {
        jdbc.update("INSERT INTO access_log (read_at_micros, user_id, role, client_id, endpoint, outcome) "
                + "VALUES (?, ?, ?, ?, ?, ?)", micros(at), userId, role, clientId, endpoint, outcome.name());
    }

    /** Reads in the order they happened; {@code from} inclusive, {@code to} exclusive, either may be null. */
    public List<Entry> find(Instant from, Instant to, int page, int size) {
        StringBuilder sql = new StringBuilder("SELECT read_at_micros, user_id, role, client_id, endpoint, outcome "
                + "FROM access_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            sql.append(" AND read_at_micros >= ?");
            args.add(micros(from));
        }
        if (to != null) {
            sql.append(" AND read_at_micros < ?");
            args.add(micros(to));
        }
        sql.append(" ORDER BY read_at_micros, id LIMIT ? OFFSET ?");
        args.add(size);
        args.add((long) page * size);
        return jdbc.query(sql.toString(), (rs, i) -> new Entry(Instant.EPOCH.plus(rs.getLong(1), ChronoUnit.MICROS),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Outcome.valueOf(rs.getString(6))), args.toArray());
    }

    private static long micros(Instant instant) {
        return EpochMicros.of(instant);
    }

    public enum Outcome {
        ALLOWED,
        /** refused by role or by assignment (403) */
        REFUSED,
        /** no such client or session (404) */
        NOT_FOUND
    }

    public record Entry(Instant at, String userId, String role, String clientId, String endpoint, Outcome outcome) {
    }
}
