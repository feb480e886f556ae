package com.precautionfirst.query.history;

import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.session.SessionRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The history projection's client records (table client_history): one document per client without its sessions,
 * and the global position of the last event of the client's own stream folded into it (an event at or below it is
 * a redelivery). The history answer joins it with the client's session documents.
 */
@Repository
public class ClientHistoryRepository {

    private final JdbcTemplate jdbc;
    private final SessionRepository sessions;

    public ClientHistoryRepository(JdbcTemplate jdbc, SessionRepository sessions) {
        this.jdbc = jdbc;
        this.sessions = sessions;
    }

    /** The answer of the history endpoint: the stored record and the stored sessions, joined without parsing. */
    public Optional<byte[]> history(String clientId) {
        return document(clientId).map(record -> ClientHistoryView.compose(record, sessions.documentsOf(clientId)));
    }

    public Optional<ClientRecord> find(String clientId) {
        return document(clientId).map(json -> Documents.read(json, ClientRecord.class));
    }

    private Optional<byte[]> document(String clientId) {
        return jdbc.query("SELECT document FROM client_history WHERE client_id = ?",
                (rs, i) -> rs.getBytes(1), clientId).stream().findFirst();
    }

    /** The stored record with the position of the last event folded into it, to fold further events into. */
    Optional<Stored> load(String clientId) {
        return jdbc.query("SELECT document, last_position FROM client_history WHERE client_id = ?",
                (rs, i) -> new Stored(Documents.read(rs.getBytes(1), ClientRecord.class), rs.getLong(2)),
                clientId).stream().findFirst();
    }

    /** Stores a processor batch's new and changed records, one batched statement for each kind. */
    void save(List<Write> writes) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (Write write : writes) {
            byte[] json = Documents.write(write.record());
            if (write.isNew()) {
                inserts.add(new Object[] {write.record().clientId, json, write.lastPosition()});
            } else {
                updates.add(new Object[] {json, write.lastPosition(), write.record().clientId});
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO client_history (client_id, document, last_position) VALUES (?, ?, ?)",
                    inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE client_history SET document = ?, last_position = ? WHERE client_id = ?", updates);
        }
    }

    void deleteAll() {
        jdbc.update("DELETE FROM client_history");
    }

    record Stored(ClientRecord record, long lastPosition) {
    }

    record Write(ClientRecord record, long lastPosition, boolean isNew) {
    }
}
