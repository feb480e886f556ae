package com.precautionfirst.query.history;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The history projection's client documents (table client_history). */
@Repository
public class ClientHistoryRepository {

    private final JdbcTemplate jdbc;

    public ClientHistoryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored answer of the history endpoint, byte for byte. */
    public Optional<byte[]> document(String clientId) {
        return jdbc.query("SELECT document FROM client_history WHERE client_id = ?",
                (rs, i) -> rs.getBytes(1), clientId).stream().findFirst();
    }

    public Optional<ClientHistoryView> find(String clientId) {
        return document(clientId).map(json -> Documents.read(json, ClientHistoryView.class));
    }

    Optional<Long> lastPosition(String clientId) {
        return jdbc.query("SELECT last_position FROM client_history WHERE client_id = ?",
                (rs, i) -> rs.getLong(1), clientId).stream().findFirst();
    }

    void save(ClientHistoryView view, long position) {
        byte[] json = Documents.write(view);
        if (jdbc.update("UPDATE client_history SET document = ?, last_position = ? WHERE client_id = ?",
                json, position, view.clientId) == 0) {
            jdbc.update("INSERT INTO client_history (client_id, document, last_position) VALUES (?, ?, ?)",
                    view.clientId, json, position);
        }
    }

    void deleteAll() {
        jdbc.update("DELETE FROM client_history");
    }
}
