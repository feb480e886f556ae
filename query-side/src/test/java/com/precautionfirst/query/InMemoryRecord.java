package com.precautionfirst.query;

import com.precautionfirst.query.history.ClientHistoryFold;
import com.precautionfirst.query.history.ClientRecord;
import com.precautionfirst.query.recorded.RecordedEvent;
import com.precautionfirst.query.session.SessionView;
import java.time.Instant;

/**
 * Folds a {@link ClientStory} straight into a client's documents with the projection's fold: assessment tests
 * without a database.
 */
public final class InMemoryRecord implements ClientStory.Sink {

    private final String clientId;
    private final ClientHistoryFold.InMemory documents = new ClientHistoryFold.InMemory();
    private Instant clock = Instant.parse("2026-11-25T09:00:00Z");
    private long position;

    public InMemoryRecord(String clientId) {
        this.clientId = clientId;
    }

    @Override
    public void append(String aggregateType, String streamId, long sequence, Object payload, String by, String role) {
        clock = clock.plusSeconds(30);
        ClientHistoryFold.apply(new RecordedEvent(streamId, sequence, payload.getClass().getSimpleName(), clock, by,
                role, payload), position++, clientId, documents);
    }

    /** The client's record, without its sessions. */
    public ClientRecord view() {
        return documents.record();
    }

    /** The session, assessed as it stands. */
    public SessionView session(String sessionId) {
        SessionView session = documents.session(sessionId);
        session.assess();
        return session;
    }

    /** The history answer as the projection would answer it. */
    public byte[] history() {
        return documents.history();
    }
}
