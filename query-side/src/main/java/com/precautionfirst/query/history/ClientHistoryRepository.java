package com.precautionfirst.query.history;

import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.projection.Generations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The history projection's client records (table client_history): one document per client without its sessions,
 * and the global position of the last event of the client's own stream folded into it (an event at or below it is
 * a redelivery). The history answer joins it with the client's session documents. The queries read the active
 * generation; the projection reads and writes the generation its processor writes (decision 0056).
 */
@Repository
public class ClientHistoryRepository {

    private final JdbcTemplate jdbc;

    public ClientHistoryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The answer of the history endpoint: the stored record and the stored sessions in start order, joined without
     * parsing. Read in one statement, so that the record and the sessions come from one committed state (a batch
     * that commits between two reads could otherwise show a session stopped by a revocation the record lacks) and
     * from one generation (a rebuild may switch between two statements).
     */
    public Optional<byte[]> history(String clientId) {
        List<Part> parts = jdbc.query("SELECT part, document FROM ("
                        + "SELECT 0 AS part, CAST(0 AS BIGINT) AS position, document FROM client_history "
                        + "WHERE client_id = ? AND " + Generations.ACTIVE + " UNION ALL "
                        + "SELECT 1, start_position, document FROM session_view WHERE client_id = ? AND "
                        + Generations.ACTIVE + ") parts ORDER BY part, position",
                (rs, i) -> new Part(rs.getInt(1) == 0, rs.getBytes(2)), clientId, clientId);
        if (parts.isEmpty() || !parts.get(0).record()) {
            return Optional.empty();
        }
        return Optional.of(ClientHistoryView.compose(parts.get(0).document(),
                parts.subList(1, parts.size()).stream().map(Part::document).toList()));
    }

    /**
     * Every client's record (without sessions), by client id: the dashboard's client list, which filters by
     * assignment and name in memory. Reads every record, so it costs what the clinic's records weigh together.
     */
    public List<ClientRecord> all() {
        return jdbc.query("SELECT document FROM client_history WHERE " + Generations.ACTIVE + " ORDER BY client_id",
                (rs, i) -> Documents.read(rs.getBytes(1), ClientRecord.class));
    }

    public Optional<ClientRecord> find(String clientId) {
        return jdbc.query("SELECT document FROM client_history WHERE client_id = ? AND " + Generations.ACTIVE,
                        (rs, i) -> Documents.read(rs.getBytes(1), ClientRecord.class), clientId)
                .stream().findFirst();
    }

    /**
     * The record stored in a generation with the position of the last event folded into it, to fold further events
     * into.
     */
    Optional<Stored> load(String clientId, long generation) {
        return jdbc.query("SELECT document, last_position FROM client_history WHERE generation = ? AND client_id = ?",
                (rs, i) -> new Stored(Documents.read(rs.getBytes(1), ClientRecord.class), rs.getLong(2)),
                generation, clientId).stream().findFirst();
    }

    /** Stores a processor batch's new and changed records in a generation, one batched statement for each kind. */
    void save(List<Write> writes, long generation) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (Write write : writes) {
            byte[] json = Documents.write(write.record());
            if (write.isNew()) {
                inserts.add(new Object[] {generation, write.record().clientId, json, write.lastPosition()});
            } else {
                updates.add(new Object[] {json, write.lastPosition(), generation, write.record().clientId});
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO client_history (generation, client_id, document, last_position) "
                    + "VALUES (?, ?, ?, ?)", inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE client_history SET document = ?, last_position = ? "
                    + "WHERE generation = ? AND client_id = ?", updates);
        }
    }

    private record Part(boolean record, byte[] document) {
    }

    record Stored(ClientRecord record, long lastPosition) {
    }

    record Write(ClientRecord record, long lastPosition, boolean isNew) {
    }
}
