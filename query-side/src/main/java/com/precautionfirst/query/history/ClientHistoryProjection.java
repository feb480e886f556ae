package com.precautionfirst.query.history;

import com.precautionfirst.api.events.ClientRegistered;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The client's record as therapists read it, kept in its own tables. Handlers are idempotent (replays). */
@Component
@ProcessingGroup("history")
public class ClientHistoryProjection {

    private final JdbcTemplate jdbc;

    public ClientHistoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ClientRegistered event, @Timestamp Instant at) {
        jdbc.update("INSERT INTO client_history (client_id, name, date_of_birth, registered_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", event.clientId(), event.name(), event.dateOfBirth(), java.sql.Timestamp.from(at));
    }
}
