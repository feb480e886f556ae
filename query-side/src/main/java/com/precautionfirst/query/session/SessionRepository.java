package com.precautionfirst.query.session;

import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.projection.Generations;
import com.precautionfirst.support.access.SessionClients;
import com.precautionfirst.support.time.EpochMicros;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The session documents of the history projection (table session_view): one session, and the precaution listing.
 * The history answer reads a client's sessions with its record (ClientHistoryRepository). The queries read the
 * active generation; the projection reads and writes the generation its processor writes (decision 0056).
 */
@Repository
public class SessionRepository implements SessionClients {

    private final JdbcTemplate jdbc;

    public SessionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<byte[]> document(String sessionId) {
        return jdbc.query("SELECT document FROM session_view WHERE session_id = ? AND " + Generations.ACTIVE,
                (rs, i) -> rs.getBytes(1), sessionId).stream().findFirst();
    }

    @Override
    public Optional<String> clientOf(String sessionId) {
        return jdbc.query("SELECT client_id FROM session_view WHERE session_id = ? AND " + Generations.ACTIVE,
                (rs, i) -> rs.getString(1), sessionId).stream().findFirst();
    }

    public List<String> sessionIdsOf(String clientId) {
        return jdbc.queryForList("SELECT session_id FROM session_view WHERE client_id = ? AND " + Generations.ACTIVE
                + " ORDER BY session_id", String.class, clientId);
    }

    /**
     * The latest session of each of these clients (by start), without its document: what a list of clients shows
     * of their treatment. Clients without a session are absent.
     */
    public Map<String, LastSession> lastSessions(Collection<String> clientIds) {
        Map<String, LastSession> last = new HashMap<>();
        if (clientIds.isEmpty()) {
            return last;
        }
        String ids = String.join(", ", Collections.nCopies(clientIds.size(), "?"));
        jdbc.query("SELECT s.client_id, s.session_id, s.started_at_micros, s.status, s.overall FROM session_view s "
                        + "WHERE s." + Generations.ACTIVE + " AND s.client_id IN (" + ids + ") AND s.start_position = "
                        + "(SELECT MAX(l.start_position) FROM session_view l WHERE l.generation = s.generation "
                        + "AND l.client_id = s.client_id)",
                rs -> {
                    last.put(rs.getString(1), new LastSession(rs.getString(2), EpochMicros.toInstant(rs.getLong(3)),
                            rs.getString(4), rs.getString(5)));
                }, clientIds.toArray());
        return last;
    }

    /** The session stored in a generation, to fold further events into. */
    public Optional<SessionView> find(String sessionId, long generation) {
        return jdbc.query("SELECT document FROM session_view WHERE generation = ? AND session_id = ?",
                (rs, i) -> Documents.read(rs.getBytes(1), SessionView.class), generation, sessionId)
                .stream().findFirst();
    }

    /** Stores a processor batch's new and changed sessions in a generation, one batched statement for each kind. */
    public void save(List<Write> writes, long generation) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (Write write : writes) {
            SessionView session = write.session();
            String overall = session.assessment.overall().name();
            if (write.isNew()) {
                inserts.add(new Object[] {generation, session.sessionId, session.clientId, session.therapistId,
                        micros(session.startedAt), write.startPosition(), session.status.name(), overall,
                        write.document()});
            } else {
                updates.add(new Object[] {session.status.name(), overall, write.document(), generation,
                        session.sessionId});
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO session_view (generation, session_id, client_id, therapist_id, "
                    + "started_at_micros, start_position, status, overall, document) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE session_view SET status = ?, overall = ?, document = ? "
                    + "WHERE generation = ? AND session_id = ?", updates);
        }
    }

    /**
     * Sessions by assessment, ordered by start then session id (stable across pages and rebuilds). The count and
     * the page are read in one statement, so that both come from one committed state and one generation.
     */
    public Page find(SessionFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE " + Generations.ACTIVE);
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
        List<Object> allArgs = new ArrayList<>(args);
        allArgs.addAll(args);
        allArgs.add(size);
        allArgs.add((long) page * size);
        long[] total = {0};
        List<SessionView> items = new ArrayList<>();
        jdbc.query("SELECT counted.total, paged.document FROM (SELECT COUNT(*) AS total FROM session_view" + where
                + ") counted LEFT JOIN (SELECT document, started_at_micros, session_id FROM session_view" + where
                + " ORDER BY started_at_micros, session_id LIMIT ? OFFSET ?) paged ON 1 = 1"
                + " ORDER BY paged.started_at_micros, paged.session_id", rs -> {
                    total[0] = rs.getLong(1);
                    byte[] document = rs.getBytes(2);
                    if (document != null) {
                        items.add(Documents.read(document, SessionView.class));
                    }
                }, allArgs.toArray());
        return new Page(items, page, size, total[0]);
    }

    private static long micros(Instant instant) {
        return EpochMicros.of(instant);
    }

    /** Filters of the precaution listing; null means any. {@code to} is exclusive. */
    public record SessionFilter(String overall, Instant from, Instant to, String therapistId) {
    }

    public record Page(List<SessionView> items, int page, int size, long total) {
    }

    /** A client's latest session as a list shows it: status and overall assessment (IN_PROGRESS, FLAGGED, ...). */
    public record LastSession(String sessionId, Instant startedAt, String status, String overall) {
    }

    /**
     * A session document to store: {@code document} is {@link SessionView#assessedDocument}; a new session is
     * inserted with the global position of its start, which orders a client's sessions.
     */
    public record Write(SessionView session, byte[] document, boolean isNew, long startPosition) {
    }
}
