package com.precautionfirst.query.history;

import com.precautionfirst.query.session.SessionRepository;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/**
 * Keeps each client's record (and a row per session) as the history and session endpoints answer it. One handler
 * for every event: the fold ({@link ClientHistoryView#apply}) decides what an event means, the same fold the as-of
 * reconstruction uses. Idempotent: an event at or below the document's last global position is skipped.
 */
@Component
@ProcessingGroup(ClientHistoryProjection.PROCESSOR)
public class ClientHistoryProjection {

    public static final String PROCESSOR = "history";

    private final ClientHistoryRepository clients;
    private final SessionRepository sessions;

    public ClientHistoryProjection(ClientHistoryRepository clients, SessionRepository sessions) {
        this.clients = clients;
        this.sessions = sessions;
    }

    @EventHandler
    void on(Object payload, DomainEventMessage<?> message, TrackingToken token) {
        String clientId = RecordedEvent.clientIdOf(payload);
        if (clientId == null) {
            return;
        }
        long position = token.position().orElseThrow(
                () -> new IllegalStateException("tracking token without a position: " + token));
        if (clients.lastPosition(clientId).map(last -> last >= position).orElse(false)) {
            return;
        }
        ClientHistoryView view = clients.find(clientId).orElseGet(() -> new ClientHistoryView(clientId));
        SessionView changed = view.apply(RecordedEvent.of(message));
        clients.save(view, position);
        if (changed != null) {
            sessions.save(changed);
        }
    }

    @ResetHandler
    void reset() {
        clients.deleteAll();
        sessions.deleteAll();
    }
}
