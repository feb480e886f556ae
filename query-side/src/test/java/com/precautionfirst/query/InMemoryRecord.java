package com.precautionfirst.query;

import com.precautionfirst.query.history.ClientHistoryView;
import com.precautionfirst.query.history.RecordedEvent;
import com.precautionfirst.query.history.SessionView;
import java.time.Instant;

/** Folds a {@link ClientStory} straight into a {@link ClientHistoryView}: assessment tests without a database. */
public final class InMemoryRecord implements ClientStory.Sink {

    public final ClientHistoryView view;
    private Instant clock = Instant.parse("2026-11-25T09:00:00Z");

    public InMemoryRecord(String clientId) {
        this.view = new ClientHistoryView(clientId);
    }

    @Override
    public void append(String aggregateType, String streamId, long sequence, Object payload, String by, String role) {
        clock = clock.plusSeconds(30);
        view.apply(new RecordedEvent(streamId, sequence, payload.getClass().getSimpleName(), clock, by, role, payload));
    }

    public SessionView session(String sessionId) {
        return view.findSession(sessionId);
    }
}
