package com.precautionfirst.command.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The first answer given to each (user, Idempotency-Key), with a hash of the request it answered. */
@Repository
public class IdempotencyKeys {

    private final JdbcTemplate jdbc;

    public IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredAnswer> find(String userId, String key) {
        return jdbc.query("SELECT request_hash, status, content_type, body, event_position FROM idempotency_key"
                        + " WHERE user_id = ? AND idempotency_key = ?",
                (rs, row) -> new StoredAnswer(rs.getString("request_hash"), new CommandAnswer(rs.getInt("status"),
                        rs.getString("content_type"), rs.getString("body"), (Long) rs.getObject("event_position"))),
                userId, key).stream().findFirst();
    }

    /** Fails on the primary key when another request stored the same key first. */
    public void store(String userId, String key, String requestHash, CommandAnswer answer) {
        jdbc.update("INSERT INTO idempotency_key (user_id, idempotency_key, request_hash, status, content_type, body,"
                        + " event_position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                userId, key, requestHash, answer.status(), answer.contentType(), answer.body(), answer.eventPosition(),
                Timestamp.from(Instant.now()));
    }

    public record StoredAnswer(String requestHash, CommandAnswer answer) {
    }
}
