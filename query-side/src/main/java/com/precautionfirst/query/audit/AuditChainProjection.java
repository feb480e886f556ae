package com.precautionfirst.query.audit;

import com.precautionfirst.query.history.RecordedEvent;
import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records, for every event of a client's streams, its hash in the client's chain when the event is first
 * projected. The stored row is hashed (not the deserialized event), so that verification can recompute the same
 * value from the store. There is deliberately no reset handler: a rebuild replays events through this projection
 * but never replaces a recorded hash, since the recorded chain is the evidence a later verification relies on.
 */
@Component
@ProcessingGroup(AuditChainProjection.PROCESSOR)
public class AuditChainProjection {

    public static final String PROCESSOR = "audit";

    private final JdbcTemplate jdbc;
    private final EventStoreRows rows;

    public AuditChainProjection(JdbcTemplate jdbc, EventStoreRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    @EventHandler
    void on(Object payload, DomainEventMessage<?> message) {
        String clientId = RecordedEvent.clientIdOf(payload);
        if (clientId == null) {
            return;
        }
        StoredEvent stored = rows.byIdentifier(message.getIdentifier()).orElseThrow(
                () -> new IllegalStateException("event " + message.getIdentifier() + " is not in the store"));
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM audit_chain WHERE global_position = ?",
                Integer.class, stored.globalPosition());
        if (known != null && known > 0) {
            return;
        }
        String previous = jdbc.query("SELECT hash FROM audit_chain WHERE client_id = ? AND global_position < ? "
                        + "ORDER BY global_position DESC LIMIT 1", (rs, i) -> rs.getString(1), clientId,
                stored.globalPosition()).stream().findFirst().orElse(AuditChain.GENESIS);
        jdbc.update("INSERT INTO audit_chain (global_position, client_id, stream_id, sequence_number, "
                        + "event_identifier, hash, previous_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                stored.globalPosition(), clientId, stored.streamId(), stored.sequence(), stored.eventIdentifier(),
                AuditChain.hash(previous, stored), previous);
    }
}
