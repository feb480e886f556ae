package com.precautionfirst.query.history;

import com.precautionfirst.query.recorded.RecordedEvent;
import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.query.store.EventStoreRows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * A client's record exactly as it stood at an instant: the events of the client stream and of its session streams
 * recorded at or before that instant, read from the event store (through Axon, so upcasters apply) and folded in
 * commit order with the same {@link ClientHistoryFold} as the live projection, then written and joined as the live
 * answer is ({@link ClientHistoryFold.InMemory#history}).
 */
@Component
public class AsOfHistory {

    private final EventStore eventStore;
    private final EventStoreRows rows;
    private final SessionRepository sessions;

    public AsOfHistory(EventStore eventStore, EventStoreRows rows, SessionRepository sessions) {
        this.eventStore = eventStore;
        this.rows = rows;
        this.sessions = sessions;
    }

    /** @return empty when the client's own stream had no event at or before {@code asOf} */
    public Optional<byte[]> document(String clientId, Instant asOf) {
        List<String> streams = new ArrayList<>();
        streams.add(clientId);
        streams.addAll(sessions.sessionIdsOf(clientId));
        Map<String, Long> positions = rows.positionsOf(streams);
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (String stream : streams) {
            eventStore.readEvents(stream).asStream()
                    .filter(e -> !e.getTimestamp().isAfter(asOf))
                    .forEach(events::add);
        }
        events.sort(Comparator.comparing(e -> positions.getOrDefault(e.getIdentifier(), Long.MAX_VALUE)));
        ClientHistoryFold.InMemory documents = new ClientHistoryFold.InMemory();
        events.forEach(e -> ClientHistoryFold.apply(RecordedEvent.of(e),
                positions.getOrDefault(e.getIdentifier(), Long.MAX_VALUE), clientId, documents));
        return Optional.ofNullable(documents.history());
    }
}
