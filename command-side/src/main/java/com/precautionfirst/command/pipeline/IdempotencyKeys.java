package com.precautionfirst.command.pipeline;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The first answer given to each (user, Idempotency-Key), with a hash of the request it answered.
 * <p>
 * A keyed command claims its key first, inside its own transaction, and fills in the answer just before that
 * transaction commits. The claim takes the row's lock, so a concurrent copy of the request (this instance or
 * another) waits at its own claim until the first commits, then meets the primary key and replays the first answer;
 * if the first rolls back, the copy's claim succeeds and it runs the command itself. An unanswered claim is never
 * visible to anyone else, because it commits only together with its answer.
 */
@Repository
public class IdempotencyKeys {

    /** Marks a claimed row whose answer is not written yet; never committed. */
    private static final int UNANSWERED = 0;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public IdempotencyKeys(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<StoredAnswer> find(String userId, String key) {
        return jdbc.query("SELECT request_hash, status, content_type, body, event_position FROM idempotency_key"
                        + " WHERE user_id = ? AND idempotency_key = ?",
                (rs, row) -> new StoredAnswer(rs.getString("request_hash"), new CommandAnswer(rs.getInt("status"),
                        rs.getString("content_type"), rs.getString("body"), (Long) rs.getObject("event_position"))),
                userId, key).stream().findFirst();
    }

    /**
     * Claims the key in the current transaction; waits while another transaction holds it.
     *
     * @throws org.springframework.dao.DuplicateKeyException when another request's answer for the key is committed
     */
    void claim(String userId, String key, String requestHash) {
        jdbc.update("INSERT INTO idempotency_key (user_id, idempotency_key, request_hash, status, content_type, body,"
                        + " event_position, created_at) VALUES (?, ?, ?, ?, '', '', NULL, ?)",
                userId, key, requestHash, UNANSWERED, Timestamp.from(clock.instant()));
    }

    /** Writes the answer of a claimed key, in the claiming transaction. */
    void answer(String userId, String key, CommandAnswer answer) {
        int updated = jdbc.update("UPDATE idempotency_key SET status = ?, content_type = ?, body = ?, event_position = ?"
                        + " WHERE user_id = ? AND idempotency_key = ? AND status = ?",
                answer.status(), answer.contentType(), answer.body(), answer.eventPosition(), userId, key, UNANSWERED);
        if (updated != 1) {
            throw new IllegalStateException("Idempotency-Key was not claimed by this transaction");
        }
    }

    public record StoredAnswer(String requestHash, CommandAnswer answer) {
    }
}
