package com.precautionfirst.query.history;

import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.query.session.SessionView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents one batch of the history processor folds into: each record and session is read from its table at
 * most once per batch (when the batch first needs it), kept in memory while the batch's events are folded, and
 * written once when the batch commits ({@link #flush}), sessions assessed then. A document the batch did not
 * change is not written.
 */
final class HistoryBatch implements ClientHistoryFold.Views {

    private final ClientHistoryRepository records;
    private final SessionRepository sessions;
    private final Map<String, RecordState> recordStates = new HashMap<>();
    private final Map<String, SessionState> sessionStates = new LinkedHashMap<>();

    HistoryBatch(ClientHistoryRepository records, SessionRepository sessions) {
        this.records = records;
        this.sessions = sessions;
    }

    /** Whether the client's record already holds the event of its own stream at {@code position}. */
    boolean holds(String clientId, long position) {
        RecordState state = recordState(clientId);
        return state.record != null && state.lastPosition >= position;
    }

    @Override
    public ClientRecord record(String clientId) {
        return recordState(clientId).record;
    }

    @Override
    public SessionView session(String sessionId) {
        return sessionStates.computeIfAbsent(sessionId,
                id -> new SessionState(sessions.find(id).orElse(null))).session;
    }

    @Override
    public void changed(ClientRecord record, long position) {
        RecordState state = recordState(record.clientId);
        state.record = record;
        state.lastPosition = position;
        state.changed = true;
    }

    @Override
    public void changed(SessionView session, long position) {
        SessionState state = sessionStates.computeIfAbsent(session.sessionId, id -> new SessionState(null));
        if (state.session == null) {
            state.session = session;
            state.startPosition = position;
        }
        state.changed = true;
    }

    /** Writes what the batch changed; called once, when the batch prepares its commit. */
    void flush() {
        List<ClientHistoryRepository.Write> recordWrites = new ArrayList<>();
        recordStates.values().stream().filter(s -> s.changed).forEach(s -> recordWrites.add(
                new ClientHistoryRepository.Write(s.record, s.lastPosition, !s.stored)));
        records.save(recordWrites);
        List<SessionRepository.Write> sessionWrites = new ArrayList<>();
        sessionStates.values().stream().filter(s -> s.changed).forEach(s -> sessionWrites.add(
                new SessionRepository.Write(s.session, s.session.assessedDocument(), !s.stored, s.startPosition)));
        sessions.save(sessionWrites);
    }

    private RecordState recordState(String clientId) {
        return recordStates.computeIfAbsent(clientId, id -> records.load(id)
                .map(stored -> new RecordState(stored.record(), stored.lastPosition()))
                .orElseGet(() -> new RecordState(null, -1)));
    }

    private static final class RecordState {
        private final boolean stored;
        private ClientRecord record;
        private long lastPosition;
        private boolean changed;

        RecordState(ClientRecord record, long lastPosition) {
            this.stored = record != null;
            this.record = record;
            this.lastPosition = lastPosition;
        }
    }

    private static final class SessionState {
        private final boolean stored;
        private SessionView session;
        private long startPosition;
        private boolean changed;

        SessionState(SessionView session) {
            this.stored = session != null;
            this.session = session;
        }
    }
}
