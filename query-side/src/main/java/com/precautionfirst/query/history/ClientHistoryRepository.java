package com.precautionfirst.query.history;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the history projection's tables. */
@Repository
public class ClientHistoryRepository {

    private final JdbcTemplate jdbc;

    public ClientHistoryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ClientHistory> find(String clientId) {
        return jdbc.query("SELECT client_id, name, date_of_birth, registered_at FROM client_history WHERE client_id = ?",
                (rs, i) -> new ClientHistory(rs.getString("client_id"), rs.getString("name"),
                        rs.getDate("date_of_birth").toLocalDate(), rs.getTimestamp("registered_at").toInstant(),
                        List.of(), List.of(), List.of()),
                clientId).stream().findFirst();
    }
}
