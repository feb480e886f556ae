package com.precautionfirst.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A client's audit trail (recorded chain beside the stored events) and the verification of that chain. */
@Component
public class AuditTrail {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final EventStoreRows rows;

    public AuditTrail(JdbcTemplate jdbc, EventStoreRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** Every event of the client's streams the chain has recorded, in commit order, with its stored content. */
    public List<TrailEvent> trail(String clientId) {
        List<Link> chain = chain(clientId);
        Map<Long, StoredEvent> stored = storedFor(chain).stream()
                .collect(Collectors.toMap(StoredEvent::globalPosition, Function.identity()));
        List<TrailEvent> trail = new ArrayList<>();
        for (Link link : chain) {
            StoredEvent event = stored.get(link.globalPosition());
            JsonNode metadata = event == null ? null : parse(event.metadata());
            trail.add(new TrailEvent(link.streamId(), link.sequence(), link.globalPosition(),
                    event == null ? null : simpleName(event.payloadType()), event == null ? null : event.revision(),
                    event == null ? null : parse(event.payload()), text(metadata, MetadataKeys.USER_ID),
                    text(metadata, MetadataKeys.ROLE), event == null ? null : event.timestamp(),
                    text(metadata, MetadataKeys.CORRELATION_ID), text(metadata, MetadataKeys.IDEMPOTENCY_KEY),
                    link.hash(), link.previousHash()));
        }
        return trail;
    }

    /**
     * Recomputes the client's chain from the event store and compares it with the recorded chain, in commit
     * order. The first difference is reported: an event whose content no longer hashes to the recorded value
     * (changed), a recorded event missing from the store (removed), or a stored event the chain never recorded
     * (inserted). Events newer than the chain's last recorded position are not judged (not yet projected).
     */
    public Verification verify(String clientId) {
        List<Link> chain = chain(clientId);
        List<StoredEvent> stored = storedFor(chain);
        String previous = AuditChain.GENESIS;
        int checked = 0;
        int r = 0;
        int s = 0;
        while (r < chain.size() || s < stored.size()) {
            Link link = r < chain.size() ? chain.get(r) : null;
            StoredEvent event = s < stored.size() ? stored.get(s) : null;
            checked++;
            if (link != null && !link.previousHash().equals(previous)) {
                return Verification.mismatch(checked, link.streamId(), link.sequence(), link.globalPosition(),
                        "the recorded chain is broken: previousHash does not match the hash before it");
            }
            if (event == null || (link != null && link.globalPosition() < event.globalPosition())) {
                return Verification.mismatch(checked, link.streamId(), link.sequence(), link.globalPosition(),
                        "removed: the recorded event is missing from the event store");
            }
            if (link == null || event.globalPosition() < link.globalPosition()) {
                return Verification.mismatch(checked, event.streamId(), event.sequence(), event.globalPosition(),
                        "inserted: the event store holds an event the recorded chain never saw");
            }
            if (!AuditChain.hash(previous, event).equals(link.hash())) {
                return Verification.mismatch(checked, link.streamId(), link.sequence(), link.globalPosition(),
                        "changed: the stored event (payload, metadata, type, position or time) no longer matches "
                                + "its recorded hash");
            }
            previous = link.hash();
            r++;
            s++;
        }
        return new Verification(true, checked, null);
    }

    public boolean hasChain(String clientId) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM audit_chain WHERE client_id = ?", Integer.class,
                clientId);
        return count != null && count > 0;
    }

    private List<Link> chain(String clientId) {
        return jdbc.query("SELECT global_position, stream_id, sequence_number, hash, previous_hash FROM audit_chain "
                        + "WHERE client_id = ? ORDER BY global_position",
                (rs, i) -> new Link(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)),
                clientId);
    }

    private List<StoredEvent> storedFor(List<Link> chain) {
        if (chain.isEmpty()) {
            return List.of();
        }
        Set<String> streams = new LinkedHashSet<>();
        chain.forEach(l -> streams.add(l.streamId()));
        return rows.ofStreams(streams, chain.get(chain.size() - 1).globalPosition());
    }

    private static JsonNode parse(byte[] json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode("unreadable: not JSON");
        }
    }

    private static String text(JsonNode metadata, String key) {
        return metadata == null || !metadata.hasNonNull(key) ? null : metadata.get(key).asText();
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    private record Link(long globalPosition, String streamId, long sequence, String hash, String previousHash) {
    }

    /** One event of the trail in the shape of API.md. */
    /** An event the chain recorded but the store no longer holds has only its place in the chain (the rest null). */
    public record TrailEvent(String streamId, long sequence, long globalPosition, @Schema(nullable = true) String type,
                             @Schema(nullable = true) String revision, @Schema(nullable = true) JsonNode payload,
                             @Schema(nullable = true) String by, @Schema(nullable = true) String role,
                             @Schema(nullable = true) String at, @Schema(nullable = true) String correlationId,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String idempotencyKey, String hash,
                             String previousHash) {
    }

    public record Verification(boolean valid, int checkedEvents, @Schema(nullable = true) Mismatch firstMismatch) {
        static Verification mismatch(int checked, String streamId, long sequence, long globalPosition,
                                     String reason) {
            return new Verification(false, checked, new Mismatch(streamId, sequence, globalPosition, reason));
        }
    }

    public record Mismatch(String streamId, long sequence, long globalPosition, String reason) {
    }
}
