package com.precautionfirst.query.history;

import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.recorded.RecordedEvent;
import com.precautionfirst.query.session.SessionView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one fold of a client's streams (decision 0020): an event of the client's own stream changes its record, a
 * session's first event starts a session document with a copy of the clearance it names, any later event of a
 * session changes that session only. The live projection folds through here into the documents of its batch, the
 * as-of reconstruction into documents in memory ({@link InMemory}); both write them in the same form.
 */
public final class ClientHistoryFold {

    private ClientHistoryFold() {
    }

    /** Where the fold finds the documents an event changes, and whom it tells that it changed one. */
    public interface Views {

        /** The client's record, or null before the client's first event. */
        ClientRecord record(String clientId);

        /** The session, or null before its start. */
        SessionView session(String sessionId);

        /** The record was created or changed by the event at {@code position}. */
        void changed(ClientRecord record, long position);

        /** The session was started or changed by the event at {@code position}. */
        void changed(SessionView session, long position);
    }

    /**
     * Folds one event of one of the client's streams, at its global position. A session event delivered again is
     * ignored here (its sequence is already on the timeline); a client-stream event delivered again must be kept
     * out by the caller (the record does not remember positions).
     */
    public static void apply(RecordedEvent event, long position, String clientId, Views views) {
        if (event.streamId().equals(clientId)) {
            ClientRecord record = views.record(clientId);
            if (record == null) {
                record = new ClientRecord(clientId);
            }
            record.apply(event);
            views.changed(record, position);
        } else if (event.payload() instanceof SessionStarted started) {
            if (views.session(event.streamId()) == null) {
                ClientRecord record = views.record(clientId);
                views.changed(new SessionView(event, started,
                        record == null ? null : record.clearanceAtStart(started.clearanceId())), position);
            }
        } else {
            SessionView session = views.session(event.streamId());
            if (session != null && session.apply(event)) {
                views.changed(session, position);
            }
        }
    }

    /** A client's documents folded in memory, e.g. from the events up to an instant; sessions in start order. */
    public static final class InMemory implements Views {

        private ClientRecord record;
        private final Map<String, SessionView> sessions = new LinkedHashMap<>();

        @Override
        public ClientRecord record(String clientId) {
            return record;
        }

        @Override
        public SessionView session(String sessionId) {
            return sessions.get(sessionId);
        }

        @Override
        public void changed(ClientRecord record, long position) {
            this.record = record;
        }

        @Override
        public void changed(SessionView session, long position) {
            sessions.putIfAbsent(session.sessionId, session);
        }

        /** The record, null when no event of the client's own stream was folded. */
        public ClientRecord record() {
            return record;
        }

        public List<SessionView> sessions() {
            return new ArrayList<>(sessions.values());
        }

        /** The history answer, written as the live projection writes and answers it; null without a record. */
        public byte[] history() {
            return record == null ? null
                    : ClientHistoryView.compose(Documents.write(record),
                            sessions.values().stream().map(SessionView::assessedDocument).toList());
        }
    }
}
