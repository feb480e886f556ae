package com.precautionfirst.query.history;

import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.query.session.SessionView;
import com.precautionfirst.query.recorded.RecordedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The documents one batch of the history processor folds into: each record and session is read from its table at
 * most once per batch (when the batch first needs it), kept in memory while the batch's events are folded, and
 * written once when the batch commits ({@link #flush}), sessions assessed then. A document the batch did not
 * change is not written. The events folded are kept per client until then: a client whose last event here failed
 * and waits in the dead-letter queue has its documents read and folded again without that event before the write.
 * A batch reads and writes one generation: the one its processor writes (decision 0056).
 */
final class HistoryBatch implements ClientHistoryFold.Views {

    private final ClientHistoryRepository records;
    private final SessionRepository sessions;
    private final long generation;
    private final Map<String, RecordState> recordStates = new HashMap<>();
    private final Map<String, SessionState> sessionStates = new LinkedHashMap<>();
    private final Map<String, List<Folded>> folded = new LinkedHashMap<>();

    HistoryBatch(ClientHistoryRepository records, SessionRepository sessions, long generation) {
        this.records = records;
        this.sessions = sessions;
        this.generation = generation;
    }

    /**
     * Folds one event of the client's streams, unless it is of the client's own stream and the record already holds
     * it (a redelivery).
     */
    void fold(RecordedEvent event, long position, String clientId) {
        folded.computeIfAbsent(clientId, c -> new ArrayList<>()).add(new Folded(event, position));
        if (event.streamId().equals(clientId) && holds(clientId, position)) {
            return;
        }
        ClientHistoryFold.apply(event, position, clientId, this);
    }

    private boolean holds(String clientId, long position) {
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
                id -> new SessionState(sessions.find(id, generation).orElse(null))).session;
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

    /**
     * Writes what the batch changed; called once, when the batch prepares its commit. A client that waits in the
     * dead-letter queue is folded again from its stored documents, without its last event here (the failed one).
     */
    void flush(Predicate<String> waiting) {
        folded.keySet().stream().filter(waiting).toList().forEach(this::refoldWithoutTheLast);
        List<ClientHistoryRepository.Write> recordWrites = new ArrayList<>();
        recordStates.values().stream().filter(s -> s.changed).forEach(s -> recordWrites.add(
                new ClientHistoryRepository.Write(s.record, s.lastPosition, !s.stored)));
        records.save(recordWrites, generation);
        List<SessionRepository.Write> sessionWrites = new ArrayList<>();
        sessionStates.values().stream().filter(s -> s.changed).forEach(s -> sessionWrites.add(
                new SessionRepository.Write(s.session, s.session.assessedDocument(), !s.stored, s.startPosition)));
        sessions.save(sessionWrites, generation);
    }

    private void refoldWithoutTheLast(String clientId) {
        List<Folded> events = folded.remove(clientId);
        recordStates.remove(clientId);
        sessionStates.values().removeIf(s -> s.session != null && s.session.clientId.equals(clientId));
        events.subList(0, events.size() - 1).forEach(e -> fold(e.event(), e.position(), clientId));
    }

    private RecordState recordState(String clientId) {
        return recordStates.computeIfAbsent(clientId, id -> records.load(id, generation)
                .map(stored -> new RecordState(stored.record(), stored.lastPosition()))
                .orElseGet(() -> new RecordState(null, -1)));
    }

    private record Folded(RecordedEvent event, long position) {
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
