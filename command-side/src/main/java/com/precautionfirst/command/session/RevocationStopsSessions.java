package com.precautionfirst.command.session;

import com.precautionfirst.api.commands.StopSessionForRevokedClearance;
import com.precautionfirst.api.events.ClearanceRevoked;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.events.SessionStoppedEarly;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Stops a client's open sessions that rely on a clearance when that clearance is revoked. To find them it keeps a
 * table of open sessions per (client, clearance): clearance ids are chosen per client, so two clients may both
 * have {@code clearance-1}, and a revocation must never reach another client's sessions.
 * <p>
 * Runs in a subscribing processing group: every handler runs in the unit of work and transaction that appended the
 * event, so the table is never behind the events (also with several command-side instances on one database) and a
 * revocation commits together with the stops it causes, or not at all. A start racing the revocation on another
 * instance cannot slip past: both append to the client's stream, so the later one is retried and sees the earlier.
 */
@Component
@ProcessingGroup(RevocationStopsSessions.PROCESSING_GROUP)
public class RevocationStopsSessions {

    public static final String PROCESSING_GROUP = "revocation-stops-sessions";

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;

    public RevocationStopsSessions(JdbcTemplate jdbc, CommandGateway commands) {
        this.jdbc = jdbc;
        this.commands = commands;
    }

    @EventHandler
    void on(SessionStarted event) {
        Set<String> reliedOn = new LinkedHashSet<>(event.coveringClearanceIds() == null ? List.of()
                : event.coveringClearanceIds());
        if (event.clearanceId() != null) {
            reliedOn.add(event.clearanceId());
        }
        reliedOn.forEach(clearanceId -> jdbc.update(
                "INSERT INTO open_session_clearance (client_id, clearance_id, session_id) VALUES (?, ?, ?)",
                event.clientId(), clearanceId, event.sessionId()));
    }

    @EventHandler
    void on(SessionEnded event) {
        closed(event.sessionId());
    }

    @EventHandler
    void on(SessionStoppedEarly event) {
        closed(event.sessionId());
    }

    /** The stop commands carry the revoker's metadata, so the stop events say who caused them. */
    @EventHandler
    void on(ClearanceRevoked event, MetaData metaData) {
        List<String> sessions = jdbc.queryForList("SELECT session_id FROM open_session_clearance"
                        + " WHERE client_id = ? AND clearance_id = ? ORDER BY session_id",
                String.class, event.clientId(), event.clearanceId());
        for (String sessionId : sessions) {
            commands.sendAndWait(new StopSessionForRevokedClearance(sessionId, event.clientId(), event.clearanceId(),
                    event.reason()), metaData);
        }
    }

    private void closed(String sessionId) {
        jdbc.update("DELETE FROM open_session_clearance WHERE session_id = ?", sessionId);
    }
}
