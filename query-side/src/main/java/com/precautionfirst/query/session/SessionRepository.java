package com.precautionfirst.query.session;

import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.support.access.SessionClients;
import com.precautionfirst.support.time.EpochMicros;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The session documents of the history projection (table session_view): one session, and the precaution listing.
 * The history answer reads a client's sessions with its record (ClientHistoryRepository).
 */
@Repository
public class SessionRepository implements SessionClients {

    private final JdbcTemplate jdbc;

    public SessionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<byte[]> document(String sessionId) {
        return jdbc.query("SELECT document FROM session_view WHERE session_id = ?", (rs, i) -> rs.getBytes(1),
                sessionId).stream().findFirst();
    }

    @Override
    public Optional<String> clientOf(String sessionId) {
        return jdbc.query("SELECT client_id FROM session_view WHERE session_id = ?", (rs, i) -> rs.getString(1),
                sessionId).stream().findFirst();
    }

    public List<String> sessionIdsOf(String clientId) {
        return jdbc.queryForList("SELECT session_id FROM session_view WHERE client_id = ? ORDER BY session_id",
                String.class, clientId);
    }

    /** The stored session, to fold further events into. */
    public Optional<SessionView> find(String sessionId) {
        return document(sessionId).map(json -> Documents.read(json, SessionView.class));
    }

    /** Stores a processor batch's new and changed sessions, one batched statement for each kind. */
    public void save(List<Write> writes) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (Write write : writes) {
            SessionView session = write.session();
            String overall = session.assessment.overall().name();
            if (write.isNew()) {
                inserts.add(new Object[] {session.sessionId, session.clientId, session.therapistId,
                        micros(session.startedAt), write.startPosition(), session.status.name(), overall,
                        write.document()});
            } else {
                updates.add(new Object[] {session.status.name(), overall, write.document(), session.sessionId});
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO session_view (session_id, client_id, therapist_id, started_at_micros, "
                    + "start_position, status, overall, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE session_view SET status = ?, overall = ?, document = ? WHERE session_id = ?",
                    updates);
        }
    }

    public void deleteAll() {
        jdbc.update("DELETE FROM session_view");
    }

    /** Sessions by assessment, ordered by start then session id (stable across pages and rebuilds). */
    public Page find(SessionFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.overall() != null) {
            where.append(" AND overall = ?");
            args.add(filter.overall());
        }
        if (filter.from() != null) {
            where.append(" AND started_at_micros >= ?");
            args.add(micros(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND started_at_micros < ?");
            args.add(micros(filter.to()));
        }
        if (filter.therapistId() != null) {
            where.append(" AND therapist_id = ?");
            args.add(filter.therapistId());
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM session_view" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<SessionView> items = jdbc.query("SELECT document FROM session_view" + where
                        + " ORDER BY started_at_micros, session_id LIMIT ? OFFSET ?",
                (rs, i) -> Documents.read(rs.getBytes(1), SessionView.class), pageArgs.toArray());
        return new Page(items, page, size, total == null ? 0 : total);
    }

    private static long micros(Instant instant) {
        return EpochMicros.of(instant);
    }

    /** Filters of the precaution listing; null means any. {@code to} is exclusive. */
    public record SessionFilter(String overall, Instant from, Instant to, String therapistId) {
    }

    public record Page(List<SessionView> items, int page, int size, long total) {
    }

    /**
     * A session document to store: {@code document} is {@link SessionView#assessedDocument}; a new session is
     * inserted with the global position of its start, which orders a client's sessions.
     */
    public record Write(SessionView session, byte[] document, boolean isNew, long startPosition) {
    }
}
