package com.precautionfirst.query.audit;

import com.precautionfirst.api.events.ClientEvent;
import com.precautionfirst.query.projection.ProcessorBatch;
import com.precautionfirst.query.projection.WaitingClients;
import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records, for every event of a client's streams, its hash in the client's chain when the event is first
 * projected. The stored row is hashed (not the deserialized event), so that verification can recompute the same
 * value from the store. The events of a processor batch are chained when the batch commits: one read of their
 * stored rows, one of the hashes already recorded at their positions, one of each client's last hash before the
 * batch, and one batched insert; an event dead-lettered meanwhile is left out (decision 0052). There is deliberately no reset handler: a rebuild replays events through this
 * projection but never replaces a recorded hash, since the recorded chain is the evidence a later verification
 * relies on.
 */
@Component
@ProcessingGroup(AuditChainProjection.PROCESSOR)
public class AuditChainProjection {

    public static final String PROCESSOR = "audit";
    private static final String BATCH = AuditChainProjection.class.getName() + ".batch";

    private final JdbcTemplate jdbc;
    private final EventStoreRows rows;
    private final WaitingClients waiting;

    public AuditChainProjection(JdbcTemplate jdbc, EventStoreRows rows, WaitingClients waiting) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.waiting = waiting;
    }

    /** Every event, the others ignored here, for the reason ClientHistoryProjection gives. */
    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        if (!(payload instanceof ClientEvent event)) {
            return;
        }
        ProcessorBatch.state(BATCH, LinkedHashMap<String, String>::new,
                        batch -> chain(withoutDeadLettered(batch, waiting.of(PROCESSOR))))
                .put(message.getIdentifier(), event.clientId());
    }

    /**
     * The batch's events without those whose handling failed and waits in the dead-letter queue: a waiting client's
     * last event in the batch (the queue takes the later ones without handling them).
     */
    private static Map<String, String> withoutDeadLettered(Map<String, String> clientsByEvent,
                                                           Predicate<String> waiting) {
        Map<String, String> lastOfWaiting = new HashMap<>();
        clientsByEvent.forEach((event, client) -> {
            if (waiting.test(client)) {
                lastOfWaiting.put(client, event);
            }
        });
        lastOfWaiting.values().forEach(clientsByEvent::remove);
        return clientsByEvent;
    }

    /** Chains a batch's events (event identifier to client), in commit order, each after its client's last hash. */
    private void chain(Map<String, String> clientsByEvent) {
        Map<String, StoredEvent> stored = rows.byIdentifiers(clientsByEvent.keySet());
        clientsByEvent.keySet().stream().filter(id -> !stored.containsKey(id)).findFirst().ifPresent(id -> {
            throw new IllegalStateException("event " + id + " is not in the store");
        });
        List<StoredEvent> events = new ArrayList<>(stored.values());
        events.sort(Comparator.comparingLong(StoredEvent::globalPosition));
        Map<Long, String> recorded = recordedHashes(events);
        Map<String, String> lastHash = new HashMap<>();
        List<Object[]> links = new ArrayList<>();
        for (StoredEvent event : events) {
            String clientId = clientsByEvent.get(event.eventIdentifier());
            String previous = lastHash.computeIfAbsent(clientId, c -> lastHashBefore(c, event.globalPosition()));
            String hash = recorded.get(event.globalPosition());
            if (hash == null) {
                hash = AuditChain.hash(previous, event);
                links.add(new Object[] {event.globalPosition(), clientId, event.streamId(), event.sequence(),
                        event.eventIdentifier(), hash, previous});
            }
            lastHash.put(clientId, hash);
        }
        if (!links.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO audit_chain (global_position, client_id, stream_id, sequence_number, "
                    + "event_identifier, hash, previous_hash) VALUES (?, ?, ?, ?, ?, ?, ?)", links);
        }
    }

    /** The hashes already recorded at these events' positions (a redelivered batch): they are never replaced. */
    private Map<Long, String> recordedHashes(List<StoredEvent> events) {
        Map<Long, String> recorded = new HashMap<>();
        if (!events.isEmpty()) {
            jdbc.query("SELECT global_position, hash FROM audit_chain WHERE global_position IN ("
                            + String.join(", ", Collections.nCopies(events.size(), "?")) + ")",
                    rs -> {
                        recorded.put(rs.getLong(1), rs.getString(2));
                    }, events.stream().map(StoredEvent::globalPosition).toArray());
        }
        return recorded;
    }

    private String lastHashBefore(String clientId, long position) {
        return jdbc.query("SELECT hash FROM audit_chain WHERE client_id = ? AND global_position < ? "
                        + "ORDER BY global_position DESC LIMIT 1", (rs, i) -> rs.getString(1), clientId, position)
                .stream().findFirst().orElse(AuditChain.GENESIS);
    }
}
